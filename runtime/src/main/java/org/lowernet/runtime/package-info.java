/** The lowernet runtime: the router daemon that the image starts on the device. */
package org.lowernet.runtime;
