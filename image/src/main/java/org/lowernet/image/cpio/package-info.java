/**
 * Writes a {@link org.lowernet.image.tree.FileTree} as a cpio "newc" archive (SVR4 without CRC,
 * magic 070701), the format the Linux kernel unpacks as an initramfs
 * (Documentation/driver-api/early-userspace/buffer-format.rst), optionally zstd-compressed
 * ({@link org.lowernet.image.cpio.ZstdCpio}).
 *
 * <p>Output is reproducible: entries in the tree's byte order (parents first), uid/gid 0, one mtime
 * passed in, inode numbers counted from 1 in entry order, no root entry ("." would only restate the
 * rootfs the kernel already has).
 *
 * <p>Limits: no hard links (the tree has none), mtimes and sizes must fit the format's 32-bit
 * fields (files up to 4 GiB - 1), no block devices, FIFOs or sockets.
 */
package org.lowernet.image.cpio;
