/**
 * {@code /data}: the card's partition 2, where what must survive a reboot lives (the SSH host key, dnsmasq's
 * leases). At the first boot it has no filesystem: its MBR entry is grown to the card's end ({@link
 * org.lowernet.runtime.data.Mbr}) and it becomes ext4 with a journal; later boots check it with {@code e2fsck -p}.
 * A partition that holds an ext2/3/4 superblock ({@link org.lowernet.runtime.data.Superblock}) is never
 * formatted. Everything is best-effort: a node whose partition cannot be used routes without persistence and
 * says so. The MBR edit and the superblock check are plain Java on a file channel; e2fsprogs and busybox do
 * the rest ({@link org.lowernet.runtime.data.DataTools}); the one ioctl is in {@link
 * org.lowernet.runtime.data.BlockIoctl}. Paths are below the daemon's root, so tests fake /proc and /sys.
 */
package org.lowernet.runtime.data;
