/**
 * Writes a {@link org.lowernet.image.tree.FileTree} as a squashfs 4.0 filesystem (zstd-compressed, no
 * fragments, no xattrs, every entry owned by root), which the first stage mounts read-only as the system
 * instead of unpacking it into RAM: the kernel reads and decompresses only what is used, and keeps it as page
 * cache it can drop again.
 *
 * <p>Layout and field meanings follow the kernel's {@code fs/squashfs/squashfs_fs.h} and the squashfs format
 * notes (Documentation/filesystems/squashfs.rst): the superblock, the files' data blocks, then the inode, directory
 * and id tables. The data is packed a layer at a time ({@link org.lowernet.image.squashfs.DataLayer}), so a
 * layer that did not change is the same bytes at the same place and can be kept between builds.
 */
package org.lowernet.image.squashfs;
