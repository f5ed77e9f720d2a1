/**
 * Rules for laying out the device's root filesystem that are data, not pipeline: busybox's applet
 * links, the overlay's file modes, what of a Debian package a RAM-only root leaves out.
 */
package org.lowernet.image.rootfs;
