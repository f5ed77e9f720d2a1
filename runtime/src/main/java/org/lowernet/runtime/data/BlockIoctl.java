package org.lowernet.runtime.data;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The one ioctl busybox lacks: {@code BLKPG_RESIZE_PARTITION} tells the kernel a partition's new size while
 * another partition of the disk is in use ({@code /boot} is mounted, so {@code BLKRRPART} answers EBUSY).
 * Layouts from linux/blkpg.h (LP64).
 */
final class BlockIoctl {

    /** {@code BLKPG} = _IO(0x12, 105), linux/fs.h. */
    static final long BLKPG = 0x1269;
    /** {@code BLKPG_RESIZE_PARTITION}, linux/blkpg.h. */
    static final int BLKPG_RESIZE_PARTITION = 3;
    /** {@code struct blkpg_ioctl_arg}: int op, int flags, int datalen, (pad), void *data. */
    static final int ARG_SIZE = 24;
    static final int ARG_DATA = 16;
    /** {@code struct blkpg_partition}: long long start, long long length (bytes), int pno, char devname[64], char volname[64]. */
    static final int PARTITION_SIZE = 152;
    static final int PARTITION_PNO = 16;


    private BlockIoctl() {
    }

    /** Tells the kernel that partition {@code number} of {@code disk} spans {@code sectors} 512-byte sectors from {@code start}. */
    static void resizePartition(Path disk, int number, long start, long sectors) throws IOException {
        int fd = LibC.INSTANCE.open(disk.toString(), LibC.O_RDONLY_CLOEXEC);
        if (fd < 0) {
            throw new IOException("open(" + disk + "): errno " + Native.getLastError());
        }
        try (Memory partition = new Memory(PARTITION_SIZE); Memory argument = new Memory(ARG_SIZE)) {
            partition.clear();
            partition.setLong(0, start * BootDisk.SECTOR);
            partition.setLong(8, sectors * BootDisk.SECTOR);
            partition.setInt(PARTITION_PNO, number);
            argument.clear();
            argument.setInt(0, BLKPG_RESIZE_PARTITION);
            argument.setInt(8, PARTITION_SIZE);
            argument.setPointer(ARG_DATA, partition);
            if (LibC.INSTANCE.ioctl(fd, new NativeLong(BLKPG), argument) < 0) {
                throw new IOException("ioctl(" + disk + ", BLKPG_RESIZE_PARTITION, partition " + number + "): errno "
                        + Native.getLastError());
            }
        } finally {
            LibC.INSTANCE.close(fd);
        }
    }
}
