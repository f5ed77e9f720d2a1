package org.lowernet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.events.Event;

/**
 * The data step's cases that need no root: a machine without a data partition runs with the folder in RAM and
 * no alarm; a /data already mounted (the runtime restarted by init) is kept without running a tool.
 */
class DataPartitionTest {

    @TempDir
    Path root;

    /** Tools that must not run: any call fails the step. */
    private final DataTools none = new DataTools(Path.of("/nonexistent/mke2fs"), Path.of("/nonexistent/e2fsck"),
            Path.of("/nonexistent/busybox"));
    private final List<Event> events = new ArrayList<>();

    @Test
    void withoutABootMountTheFolderIsInRamAndNothingIsReported() throws Exception {
        DataPartition data = new DataPartition(root, none, events::add);
        data.start();
        assertFalse(data.mounted());
        assertTrue(data.unavailable().isEmpty(), "no partition is not an unusable partition");
        assertTrue(Files.isDirectory(root.resolve(DataPartition.FOLDER)));
        assertEquals(List.of(), events);
        data.stop();
    }

    @Test
    void aDataAlreadyMountedIsKeptAsItIs() throws Exception {
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/mounts"), "/dev/vda1 /boot vfat ro 0 0\n/dev/vda2 " + root.resolve("data")
                + " ext4 rw,noatime 0 0\n");
        Path vda = Files.createDirectories(root.resolve("sys/devices/virtio1/block/vda"));
        Files.writeString(vda.resolve("size"), "2097152\n");
        for (int n = 1; n <= 2; n++) {
            Path partition = Files.createDirectories(vda.resolve("vda" + n));
            Files.writeString(partition.resolve("partition"), n + "\n");
            Files.writeString(partition.resolve("start"), (n == 1 ? 8192 : 532_480) + "\n");
            Files.writeString(partition.resolve("size"), (n == 1 ? 524_288 : 1_564_672) + "\n");
            Files.createDirectories(root.resolve("sys/class/block"));
            Files.createSymbolicLink(root.resolve("sys/class/block/vda" + n), Path.of("../../devices/virtio1/block/vda/vda" + n));
        }
        DataPartition data = new DataPartition(root, none, events::add);
        data.start();
        assertTrue(data.mounted());
        assertTrue(data.unavailable().isEmpty());
        assertTrue(Files.isDirectory(root.resolve(DataPartition.FOLDER)));
        assertEquals(List.of(), events);
    }
}
