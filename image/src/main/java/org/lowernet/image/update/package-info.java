/**
 * {@code lowernet verify-update}: an update bundle checked on the builder's machine the way a node checks it
 * (signature by a trusted release key, every piece), and what it holds, before anyone sends it.
 */
package org.lowernet.image.update;
