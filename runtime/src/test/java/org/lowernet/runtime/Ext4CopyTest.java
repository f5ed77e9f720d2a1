package org.lowernet.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's ext4-copy (src/main/device/bin) run by busybox's sh with busybox's dd, awk, sed and truncate, as on
 * the device, against ext4 images the host's mke2fs makes from a folder: a file with holes and a partial last block
 * (several extents), one small enough for inline data, a missing path. Each copy must equal the file byte for byte.
 */
class Ext4CopyTest {

    private static final Path SCRIPT = Path.of("src/main/device/bin/ext4-copy").toAbsolutePath();
    private static final Path BUSYBOX = Path.of("/usr/bin/busybox");
    private static final Path MKE2FS = Path.of("/usr/sbin/mke2fs");
    private static final Path DEBUGFS = Path.of("/usr/sbin/debugfs");

    @TempDir
    Path dir;
    private Path bin;

    @BeforeEach
    void tools() throws IOException {
        Requires.executable(BUSYBOX, "busybox-static");
        Requires.executable(MKE2FS, "e2fsprogs");
        Requires.executable(DEBUGFS, "e2fsprogs");
        // The script's PATH: busybox's applets and the host's debugfs, nothing else.
        bin = Files.createDirectories(dir.resolve("bin"));
        for (String applet : List.of("dd", "awk", "sed", "truncate", "rm", "head", "printf", "echo", "cat")) {
            Files.createSymbolicLink(bin.resolve(applet), BUSYBOX);
        }
        // debugfs, noting each request: the fast path asks for a map, never for a dump.
        Path debugfs = bin.resolve("debugfs");
        Files.writeString(debugfs, "#!" + BUSYBOX + " sh\necho \"$*\" >> " + dir.resolve("debugfs.log") + "\nexec "
                + DEBUGFS + " \"$@\"\n");
        Files.setPosixFilePermissions(debugfs, PosixFilePermissions.fromString("rwx------"));
    }

    private String debugfsRequests() throws IOException {
        Path log = dir.resolve("debugfs.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Test
    void aFileWithHolesAndAPartialLastBlockComesOutByteForByte() throws Exception {
        Path source = Files.createDirectories(dir.resolve("source/lowernet/jvm"));
        byte[] expected = sparseFile(source.resolve("classes.jsa"), 3_000_000 + 123);
        Path image = ext4(dir.resolve("source"), "-b", "1024");
        assertTrue(debugfs(image, "ex /lowernet/jvm/classes.jsa").lines().filter(l -> l.matches(" *\\d+/ *\\d+ .*"))
                .count() >= 3, "the file is in several extents");

        Path out = dir.resolve("out.jsa");
        assertEquals(0, copy(image, "/lowernet/jvm/classes.jsa", out));
        assertArrayEquals(expected, Files.readAllBytes(out));
        assertFalse(debugfsRequests().contains("dump"), "copied by dd, not by debugfs's dump: " + debugfsRequests());
        // The same on a filesystem of 4 KiB blocks (a card's /data of a few GiB).
        Path large = ext4(dir.resolve("source"), "-b", "4096");
        assertEquals(0, copy(large, "/lowernet/jvm/classes.jsa", out));
        assertArrayEquals(expected, Files.readAllBytes(out));
        assertFalse(debugfsRequests().contains("dump"), debugfsRequests());
    }

    @Test
    void aFileItCannotMapPlainlyIsLeftToDebugfsDump() throws Exception {
        Path source = Files.createDirectories(dir.resolve("source"));
        Files.writeString(source.resolve("small"), "inline data lives in the inode\n");
        Path image = ext4(source, "-b", "1024", "-O", "inline_data");
        assertTrue(debugfs(image, "stat /small").contains("Flags: 0x10000000"), "the file is inline");

        Path out = dir.resolve("small.out");
        assertEquals(0, copy(image, "/small", out));
        assertTrue(debugfsRequests().contains("-R dump \"/small\""), debugfsRequests());
        // As debugfs's own dump gives it (which pads inline data to the inode's 60 bytes).
        Path dumped = dir.resolve("small.dump");
        debugfs(image, "dump /small " + dumped);
        assertArrayEquals(Files.readAllBytes(dumped), Files.readAllBytes(out));
        assertTrue(Files.readString(out).startsWith("inline data lives in the inode\n"), Files.readString(out));
    }

    @Test
    void aMissingFileIsExitOneAndNoOutput() throws Exception {
        Path source = Files.createDirectories(dir.resolve("source"));
        Files.writeString(source.resolve("other"), "x");
        Path image = ext4(source, "-b", "1024");
        Path out = dir.resolve("missing.out");
        Files.writeString(out, "left from before");

        assertEquals(1, copy(image, "/lowernet/jvm/classes.jsa", out));
        assertFalse(Files.exists(out), "no output is left");
    }

    /** Random data with two holes (one at the start of a block run, one at the end), ending mid-block. */
    private static byte[] sparseFile(Path file, int size) throws IOException {
        byte[] bytes = new byte[size];
        new Random(13).nextBytes(bytes);
        Arrays.fill(bytes, 1024, 70_000, (byte) 0);
        Arrays.fill(bytes, 1_500_000, 1_600_000, (byte) 0);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(bytes, 0, 1024);
            raf.seek(70_000);
            raf.write(bytes, 70_000, 1_500_000 - 70_000);
            raf.seek(1_600_000);
            raf.write(bytes, 1_600_000, size - 1_600_000);
        }
        return bytes;
    }

    private Path ext4(Path source, String... options) throws Exception {
        Path image = dir.resolve("fs-" + System.nanoTime() + ".ext4");
        List<String> command = new ArrayList<>(List.of(MKE2FS.toString(), "-q", "-F", "-t", "ext4"));
        command.addAll(List.of(options));
        command.addAll(List.of("-d", source.toString(), image.toString(), "16M"));
        assertEquals(0, run(command), "mke2fs " + command);
        return image;
    }

    private int copy(Path image, String path, Path out) throws Exception {
        return run(List.of(BUSYBOX.toString(), "sh", SCRIPT.toString(), image.toString(), path, out.toString()));
    }

    private String debugfs(Path image, String request) throws Exception {
        Process process = new ProcessBuilder(DEBUGFS.toString(), "-R", request, image.toString()).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(20, TimeUnit.SECONDS));
        return out;
    }

    private int run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PATH", bin.toString());
        builder.environment().put("DEBUGFS_PAGER", "__none__");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "did not finish: " + command);
        if (process.exitValue() != 0 && !out.isBlank()) {
            System.err.println(command + ": " + out);
        }
        return process.exitValue();
    }
}
