/**
 * Rules for laying out the device's root filesystem, not pipeline: busybox's applet names, the
 * overlay's file modes, and whether every ELF program and library finds the shared libraries it
 * links ({@link org.lowernet.image.rootfs.LinkedLibraries}, reading {@link org.lowernet.image.rootfs.ElfLinks}), and
 * jars without what the device never uses: signatures, other machines' native libraries
 * ({@link org.lowernet.image.rootfs.DeviceJars}).
 * (What of a Debian package the root leaves out, and who may replace whose files, is decided where the
 * root is laid out: build's RootTreeStep.)
 */
package org.lowernet.image.rootfs;
