/**
 * Rules for laying out the device's root filesystem that are data, not pipeline: busybox's applet
 * names and the overlay's file modes. (What of a Debian package the root leaves out, and who may
 * replace whose files, is decided where the root is laid out: build's RootTreeStep.)
 */
package org.lowernet.image.rootfs;
