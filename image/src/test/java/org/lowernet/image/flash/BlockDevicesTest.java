package org.lowernet.image.flash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safety checks against synthetic sysfs and mountinfo trees describing cards and system disks. */
class BlockDevicesTest {

    static final long IMAGE = 256L << 20;
    static final String ROOT_ON_NVME = "22 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw\n";

    @TempDir
    Path root;

    Path sys() {
        return root.resolve("sys");
    }

    /** A disk with partitions {@code name+"1"}, {@code name+"2"} (or p1/p2 when the name ends in a digit). */
    void disk(String name, int major, int minor, long sectors, boolean removable, String model) throws IOException {
        Path disk = sys().resolve("block").resolve(name);
        Files.createDirectories(disk.resolve("device"));
        Files.writeString(disk.resolve("size"), sectors + "\n");
        Files.writeString(disk.resolve("removable"), (removable ? "1" : "0") + "\n");
        Files.writeString(disk.resolve("dev"), major + ":" + minor + "\n");
        Files.writeString(disk.resolve("device/model"), model + "   \n");
        String p = Character.isDigit(name.charAt(name.length() - 1)) ? name + "p" : name;
        for (int i = 1; i <= 2; i++) {
            Files.createDirectories(disk.resolve(p + i).resolve("holders"));
            Files.writeString(disk.resolve(p + i).resolve("dev"), major + ":" + (minor + i) + "\n");
        }
    }

    BlockDevice describe(String name, String mountinfo) throws IOException {
        Files.createDirectories(root.resolve("proc/self"));
        Files.writeString(root.resolve("proc/self/mountinfo"), mountinfo);
        return new BlockDevices(sys(), root.resolve("proc")).describe(name);
    }

    @Test
    void anUnmountedRemovableCardLargeEnoughIsAccepted() throws IOException {
        disk("sdb", 8, 16, 62_333_952, true, "SD/MMC Reader");
        BlockDevice card = describe("sdb", ROOT_ON_NVME);
        assertEquals(new BlockDevice("sdb", 62_333_952L * 512, true, "SD/MMC Reader", List.of(), false), card);
        assertEquals(List.of(), card.refusals(IMAGE));
        assertEquals("/dev/sdb: SD/MMC Reader, 29.7 GiB, removable", card.describe());
    }

    @Test
    void aBuiltInSdReaderCountsAsRemovableAndNamesTheCard() throws IOException {
        disk("mmcblk0", 179, 0, 31_116_288, false, "");
        Files.writeString(sys().resolve("block/mmcblk0/device/name"), "SC32G\n");
        BlockDevice card = describe("mmcblk0", ROOT_ON_NVME);
        assertTrue(card.removable());
        assertEquals("SC32G", card.model());
        assertEquals(List.of(), card.refusals(IMAGE));
    }

    @Test
    void aFixedDiskIsRefused() throws IOException {
        disk("sda", 8, 0, 1_000_215_216, false, "Samsung SSD 870");
        List<String> refusals = describe("sda", ROOT_ON_NVME).refusals(IMAGE);
        assertEquals(1, refusals.size(), refusals.toString());
        assertTrue(refusals.getFirst().contains("/dev/sda is not removable"), refusals.toString());
    }

    @Test
    void aCardWithAMountedPartitionIsRefusedNamingTheMountPoint() throws IOException {
        disk("sdb", 8, 16, 62_333_952, true, "Card Reader");
        String mountinfo = ROOT_ON_NVME
                + "40 22 8:17 / /media/ana/LOWERNET\\040BOOT rw,nosuid - vfat /dev/sdb1 rw\n";
        List<String> refusals = describe("sdb", mountinfo).refusals(IMAGE);
        assertEquals(List.of("/dev/sdb is in use: sdb1 mounted at /media/ana/LOWERNET BOOT; unmount it first"
                + " (udisksctl unmount -b /dev/sdbN, or umount)"), refusals);
    }

    @Test
    void aPartitionHeldByDeviceMapperIsInUse() throws IOException {
        disk("sdb", 8, 16, 62_333_952, true, "Card Reader");
        Files.createDirectories(sys().resolve("block/sdb/sdb2/holders/dm-0"));
        assertEquals(List.of("sdb2 held by dm-0"), describe("sdb", ROOT_ON_NVME).inUse());
    }

    @Test
    void aCardTooSmallForTheImageIsRefused() throws IOException {
        disk("sdc", 8, 32, 250_000, true, "Old Card");
        List<String> refusals = describe("sdc", ROOT_ON_NVME).refusals(IMAGE);
        assertEquals(List.of("/dev/sdc is too small: 128000000 bytes (122.1 MiB) for an image of 268435456 bytes"),
                refusals);
    }

    @Test
    void theDiskTheSystemRunsFromIsRefusedEvenIfRemovable() throws IOException {
        disk("sdb", 8, 16, 62_333_952, true, "USB Stick");
        List<String> refusals = describe("sdb", "22 1 8:18 / / rw - ext4 /dev/sdb2 rw\n").refusals(IMAGE);
        assertTrue(refusals.getFirst().contains("holds the running system's root filesystem"), refusals.toString());
        assertTrue(refusals.get(1).contains("in use: sdb2 mounted at /"), refusals.toString());
    }

    @Test
    void aRootOnDeviceMapperOverTheDiskIsTheSystemDisk() throws IOException {
        disk("nvme0n1", 259, 0, 1_000_215_216, true, "NVMe");
        Files.createDirectories(sys().resolve("dev/block/254:0/slaves/nvme0n1p2"));
        BlockDevice disk = describe("nvme0n1", "22 1 254:0 / / rw - ext4 /dev/mapper/root rw\n");
        assertTrue(disk.holdsRoot());
        assertFalse(disk.refusals(IMAGE).isEmpty());
    }

    @Test
    void aPartitionNameIsRefusedWithAHint() throws IOException {
        disk("sdb", 8, 16, 62_333_952, true, "Card Reader");
        IOException e = assertThrows(IOException.class, () -> describe("sdb1", ROOT_ON_NVME));
        assertTrue(e.getMessage().contains("name a whole disk"), e.getMessage());
    }
}
