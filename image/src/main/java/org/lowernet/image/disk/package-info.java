/**
 * Writes the MBR partition table of a raw disk image and plans where the partitions go: partition 1,
 * FAT32, at 4 MiB; partition 2, Linux, from the next 4 MiB boundary to the image's end (the device
 * grows it to the card's end and formats it; the image holds no filesystem there).
 *
 * <p>Limits: 512-byte sectors only; at most four primary partitions (no extended partitions); start
 * and size of each partition must fit the table's 32-bit LBA fields (disks up to 2 TiB). CHS fields
 * carry the conventional "LBA only" value, so only LBA-aware readers (every Pi firmware and Linux) are
 * served. No boot code is written: the Pi boots from the FAT partition, not from the MBR.
 */
package org.lowernet.image.disk;
