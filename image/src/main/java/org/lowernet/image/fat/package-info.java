/**
 * A FAT32 filesystem writer ({@link org.lowernet.image.fat.Fat32Writer}) and a small reader
 * ({@link org.lowernet.image.fat.FatReader}), pure Java, after Microsoft's FAT specification
 * ("fatgen103", 2000).
 *
 * <p>What the writer makes: 512-byte sectors; 32 reserved sectors with the boot sector, FSInfo
 * (sector 1, exact free count) and their backups (sectors 6, 7); two mirrored FATs; media 0xF8; root
 * directory at cluster 2 holding the volume label; cluster size as mkfs.fat picks it (512 bytes up to
 * 260 MiB, 4 KiB up to 8 GiB, ...). Every directory and file is one contiguous run of clusters,
 * allocated in the tree's byte order, so there is no fragmentation; files the caller names go last, so
 * that a file that changes often (the initramfs) neither moves the others nor is moved by them. One
 * timestamp (the build epoch) for every date. Names that are not upper-case 8.3 get VFAT long-name entries; their short name is
 * the upper-cased name where that is lossless ("config.txt" is stored as CONFIG.TXT plus the long name
 * "config.txt"), else BASIS~N. The Windows NT lower-case flags are not written, only read.
 *
 * <p>Limits: filesystems of 33 MiB to 2 TiB; files of at most 4 GiB - 1 byte; at most 65536 entries
 * per directory; directories and regular files only (symlinks and devices are refused); names that
 * differ only in case are refused. Free clusters are not written, so write into a fresh file. The
 * reader needs FAT32 (not FAT12/16) and reads files of up to 2 GiB into memory.
 */
package org.lowernet.image.fat;
