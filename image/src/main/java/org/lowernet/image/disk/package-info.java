/**
 * Writes the MBR partition table of a raw disk image and plans where the partitions go.
 *
 * <p>Limits: 512-byte sectors only; at most four primary partitions (no extended partitions); start
 * and size of each partition must fit the table's 32-bit LBA fields (disks up to 2 TiB). CHS fields
 * carry the conventional "LBA only" value, so only LBA-aware readers (every Pi firmware and Linux) are
 * served. No boot code is written: the Pi boots from the FAT partition, not from the MBR.
 */
package org.lowernet.image.disk;
