package org.lowernet.runtime.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The disk that holds the boot partition and its partition 2, as the kernel sees them: the device mounted at
 * {@code /boot} in {@code /proc/mounts} ({@code /dev/mmcblk0p1}, {@code /dev/vda1}), its disk from sysfs
 * ({@code /sys/class/block/mmcblk0p1} lives in the disk's folder {@code mmcblk0}) and the disk's partition
 * whose {@code partition} file says 2. Sizes and starts are in 512-byte sectors, as sysfs gives them.
 *
 * @param disk        the whole disk's device, {@code <root>/dev/mmcblk0}
 * @param partition   partition 2's device, {@code <root>/dev/mmcblk0p2}
 * @param diskSectors the disk's size
 * @param start       partition 2's first sector
 * @param sectors     partition 2's size as the kernel sees it now
 */
public record BootDisk(Path disk, Path partition, long diskSectors, long start, long sectors) {

    /** The kernel's sector for sysfs' {@code size} and {@code start}, whatever the device's own. */
    public static final int SECTOR = 512;
    /** The partition the data lives on. */
    public static final int DATA_PARTITION = 2;

    /** Partition 2's name in sysfs and /dev ({@code mmcblk0p2}). */
    public String partitionName() {
        return partition.getFileName().toString();
    }

    /** Finds partition 2 of the boot disk below {@code root}; the message says what was missing and where. */
    public static BootDisk find(Path root) throws IOException {
        Path mounts = root.resolve("proc/mounts");
        String bootDevice = mountedAt(mounts, "/boot").orElseThrow(() -> new IOException(
                "nothing is mounted at /boot in " + mounts + ", so the boot disk is unknown"));
        if (!bootDevice.startsWith("/dev/")) {
            throw new IOException("/boot is mounted from " + bootDevice + " (" + mounts + "), not a /dev block device");
        }
        String bootName = bootDevice.substring("/dev/".length());
        Path classBlock = root.resolve("sys/class/block");
        Path bootEntry = classBlock.resolve(bootName);
        if (!Files.exists(bootEntry.resolve("partition"))) {
            throw new IOException("/boot's device " + bootDevice + " is not a partition (no " + bootEntry
                    + "/partition)");
        }
        // sys/class/block/mmcblk0p1 -> ../../devices/.../mmcblk0/mmcblk0p1: the folder above is the disk's.
        Path diskEntry = bootEntry.toRealPath().getParent();
        String diskName = diskEntry.getFileName().toString();
        Path dataEntry;
        try (Stream<Path> children = Files.list(diskEntry)) {
            dataEntry = children.filter(c -> number(c.resolve("partition")) == DATA_PARTITION).findFirst()
                    .orElseThrow(() -> new IOException("the boot disk " + diskName + " has no partition "
                            + DATA_PARTITION + " (no folder with partition=" + DATA_PARTITION + " in " + diskEntry
                            + "); the image's MBR should have one"));
        }
        Path dev = root.resolve("dev");
        return new BootDisk(dev.resolve(diskName), dev.resolve(dataEntry.getFileName().toString()),
                read(diskEntry.resolve("size")), read(dataEntry.resolve("start")), read(dataEntry.resolve("size")));
    }

    /** The device mounted at {@code mountPoint} in a {@code /proc/mounts} file (the last such line wins). */
    static java.util.Optional<String> mountedAt(Path mounts, String mountPoint) throws IOException {
        if (!Files.exists(mounts)) {
            return java.util.Optional.empty();
        }
        String device = null;
        for (String line : Files.readAllLines(mounts)) {
            List<String> fields = List.of(line.strip().split("\\s+"));
            if (fields.size() >= 2 && fields.get(1).equals(mountPoint)) {
                device = fields.get(0);
            }
        }
        return java.util.Optional.ofNullable(device);
    }

    private static long number(Path file) {
        try {
            return Files.exists(file) ? read(file) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    static long read(Path file) throws IOException {
        String text = Files.readString(file).strip();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IOException(file + " holds \"" + text + "\", not a number", e);
        }
    }
}
