package org.lowernet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Partition 2 of the boot disk from a fake /proc/mounts and /sys/class/block, as the kernel lays them out. */
class BootDiskTest {

    @TempDir
    Path root;

    @Test
    void aPiCardIsMmcblk0WithMmcblk0p2() throws IOException {
        mounts("/dev/mmcblk0p1 /boot vfat ro,relatime,fmask=0022 0 0\n");
        Path disk = disk("devices/platform/emmc2bus/fe340000.mmc/mmc_host/mmc0/mmc0:aaaa/block/mmcblk0", "mmcblk0",
                62_333_952);
        partition(disk, "mmcblk0p1", 1, 8192, 524_288);
        partition(disk, "mmcblk0p2", 2, 532_480, 8192);

        BootDisk found = BootDisk.find(root);
        assertEquals(new BootDisk(root.resolve("dev/mmcblk0"), root.resolve("dev/mmcblk0p2"), 62_333_952, 532_480,
                8192), found);
        assertEquals("mmcblk0p2", found.partitionName());
    }

    @Test
    void qemuVirtIsVdaWithVda2AndTheLastBootMountWins() throws IOException {
        mounts("rootfs / rootfs rw 0 0\n/dev/vdb1 /boot vfat ro 0 0\nproc /proc proc rw 0 0\n"
                + "/dev/vda1 /boot vfat ro 0 0\n");
        Path vda = disk("devices/pci0000:00/0000:00:02.0/virtio1/block/vda", "vda", 2_097_152);
        partition(vda, "vda1", 1, 8192, 524_288);
        partition(vda, "vda2", 2, 532_480, 16_384);
        Path vdb = disk("devices/pci0000:00/0000:00:03.0/virtio2/block/vdb", "vdb", 1000);
        partition(vdb, "vdb1", 1, 1, 10);

        assertEquals(new BootDisk(root.resolve("dev/vda"), root.resolve("dev/vda2"), 2_097_152, 532_480, 16_384),
                BootDisk.find(root));
    }

    @Test
    void whatIsMissingIsSaid() throws IOException {
        IOException none = assertThrows(IOException.class, () -> BootDisk.find(root));
        assertTrue(none.getMessage().contains("nothing is mounted at /boot"), none.getMessage());

        mounts("/dev/mmcblk0p1 /boot vfat ro 0 0\n");
        Path disk = disk("devices/mmc/block/mmcblk0", "mmcblk0", 1_000_000);
        partition(disk, "mmcblk0p1", 1, 8192, 524_288);
        IOException noSecond = assertThrows(IOException.class, () -> BootDisk.find(root));
        assertTrue(noSecond.getMessage().contains("mmcblk0 has no partition 2"), noSecond.getMessage());

        mounts("tmpfs /boot tmpfs rw 0 0\n");
        IOException notDev = assertThrows(IOException.class, () -> BootDisk.find(root));
        assertTrue(notDev.getMessage().contains("not a /dev block device"), notDev.getMessage());
    }

    private void mounts(String text) throws IOException {
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/mounts"), text);
    }

    /** The disk's folder below sys/devices and its link in sys/class/block, as the kernel makes them. */
    private Path disk(String under, String name, long size) throws IOException {
        Path folder = Files.createDirectories(root.resolve("sys").resolve(under));
        Files.writeString(folder.resolve("size"), size + "\n");
        link(name, folder);
        return folder;
    }

    private void partition(Path disk, String name, int number, long start, long size) throws IOException {
        Path folder = Files.createDirectories(disk.resolve(name));
        Files.writeString(folder.resolve("partition"), number + "\n");
        Files.writeString(folder.resolve("start"), start + "\n");
        Files.writeString(folder.resolve("size"), size + "\n");
        link(name, folder);
    }

    private void link(String name, Path folder) throws IOException {
        Path classBlock = Files.createDirectories(root.resolve("sys/class/block"));
        Files.createSymbolicLink(classBlock.resolve(name), classBlock.relativize(folder));
    }
}
