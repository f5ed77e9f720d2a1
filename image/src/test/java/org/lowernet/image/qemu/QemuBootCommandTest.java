package org.lowernet.image.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.cli.ExitCode;
import org.lowernet.runtime.cli.FrontDoor;

class QemuBootCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void readyExitsZeroAndStreamsTheConsole() throws IOException {
        Path qemu = script("echo 'Booting Linux'\necho 'lowernet ready'\nsleep 600\n");

        int code = run(file("sd.img"), "--machine", "virt", "--kernel", file("k"), "--initrd", file("i"),
                "--qemu", qemu.toString(), "--timeout", "20");

        assertEquals(ExitCode.OK, code, text(err));
        assertTrue(text(out).startsWith("Booting Linux\nlowernet ready\n"), text(out));
        assertTrue(text(err).contains("lowernet boot: ready after"), text(err));
    }

    @Test
    void badArgumentsExitTwoWithTheUsage() {
        int code = run("sd.img", "--machine", "virt", "--colour", "red");

        assertEquals(ExitCode.USAGE, code);
        assertTrue(text(err).startsWith("lowernet boot: unknown option --colour; the options are "), text(err));
        assertTrue(text(err).endsWith("\n" + FrontDoor.help("boot")), text(err));
    }

    @Test
    void missingFilesExitTwoNamingThem() throws IOException {
        int code = run(dir + "/sd.img", "--machine", "raspi3b", "--kernel", file("k"), "--initrd", dir + "/i");

        assertEquals(ExitCode.USAGE, code);
        assertTrue(text(err).contains("initrd " + dir + "/i is not a file; raspi3b needs a device tree"), text(err));
        assertTrue(text(err).contains("image " + dir + "/sd.img is not a file"), text(err));
    }

    @Test
    void missingQemuExitsOneSayingWhatToInstall() throws IOException {
        int code = run(file("sd.img"), "--machine", "virt", "--kernel", file("k"), "--initrd", file("i"),
                "--qemu", dir + "/no/qemu-system-aarch64");

        assertEquals(ExitCode.FAILED, code);
        assertTrue(text(err).contains("apt-get install qemu-system-arm"), text(err));
    }

    @Test
    void timeoutExitsOneWithTheLastLines() throws IOException {
        Path qemu = script("echo 'Booting Linux'\necho 'Kernel panic'\nsleep 600\n");

        int code = run(file("sd.img"), "--machine", "virt", "--kernel", file("k"), "--initrd", file("i"),
                "--qemu", qemu.toString(), "--timeout", "1");

        assertEquals(ExitCode.FAILED, code);
        assertTrue(text(err).contains("nothing after 1.0 s"), text(err));
        assertTrue(text(err).contains("--- last 2 console lines ---\nBooting Linux\nKernel panic"), text(err));
    }

    private int run(String... args) {
        return QemuBootCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String file(String name) throws IOException {
        return Files.write(dir.resolve(name), new byte[1]).toString();
    }

    private Path script(String body) throws IOException {
        Path script = Files.writeString(dir.resolve("fake-qemu"), "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
