package org.lowernet.image.flash;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads a {@link BlockDevice} from the kernel's files: {@code /sys/block/<name>/{size,removable,dev,
 * device/model}}, its partitions' {@code dev} and {@code holders/}, and {@code /proc/self/mountinfo}
 * (proc(5): field 3 is the mounted device's major:minor, field 5 the mount point). The roots are
 * parameters so that tests can describe disks that do not exist.
 */
public final class BlockDevices {

    /** /sys/block/NAME/size counts 512-byte sectors whatever the device's own sector size (block/genhd.c). */
    static final int SYSFS_SECTOR = 512;

    private final Path sys;
    private final Path proc;

    public BlockDevices(Path sys, Path proc) {
        this.sys = sys;
        this.proc = proc;
    }

    public static BlockDevices system() {
        return new BlockDevices(Path.of("/sys"), Path.of("/proc"));
    }

    /** Whether {@code name} is a whole disk (it has /sys/block/NAME), not a partition. */
    public boolean isDisk(String name) {
        return Files.isDirectory(sys.resolve("block").resolve(name));
    }

    public BlockDevice describe(String name) throws IOException {
        Path disk = sys.resolve("block").resolve(name);
        if (!Files.isDirectory(disk)) {
            throw new IOException("no disk " + name + " in " + sys.resolve("block")
                    + "; name a whole disk such as /dev/sdb or /dev/mmcblk0, not a partition");
        }
        long size = Long.parseLong(read(disk.resolve("size"))) * SYSFS_SECTOR;
        boolean removable = "1".equals(read(disk.resolve("removable"))) || name.startsWith("mmcblk");
        String model = "unknown model";
        // SCSI/USB disks name their model in device/model, SD cards in device/name.
        for (String file : List.of("device/name", "device/model")) {
            if (Files.isRegularFile(disk.resolve(file)) && !read(disk.resolve(file)).isBlank()) {
                model = read(disk.resolve(file));
            }
        }

        // major:minor of the disk and each partition, to match against what is mounted.
        Map<String, String> devices = new LinkedHashMap<>();
        devices.put(read(disk.resolve("dev")), name);
        List<String> inUse = new ArrayList<>();
        try (Stream<Path> entries = Files.list(disk)) {
            for (Path part : entries.filter(p -> p.getFileName().toString().startsWith(name)).sorted().toList()) {
                String partName = part.getFileName().toString();
                if (Files.isRegularFile(part.resolve("dev"))) {
                    devices.put(read(part.resolve("dev")), partName);
                }
                for (String holder : list(part.resolve("holders"))) {
                    inUse.add(partName + " held by " + holder);
                }
            }
        }
        boolean holdsRoot = false;
        for (String line : Files.readAllLines(proc.resolve("self/mountinfo"), StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            if (f.length < 5) {
                continue;
            }
            String part = devices.get(f[2]);
            if (part != null) {
                inUse.add(part + " mounted at " + f[4].replace("\\040", " "));
            }
            if (f[4].equals("/") && (part != null || rootSlaves(f[2]).stream().anyMatch(devices::containsValue))) {
                holdsRoot = true;
            }
        }
        return new BlockDevice(name, size, removable, model, inUse, holdsRoot);
    }

    /** The partitions under a device-mapper root (LVM, dm-crypt): /sys/dev/block/MAJ:MIN/slaves. */
    private List<String> rootSlaves(String majorMinor) throws IOException {
        return list(sys.resolve("dev/block").resolve(majorMinor).resolve("slaves"));
    }

    private static List<String> list(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
}
