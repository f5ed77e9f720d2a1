package org.lowernet.runtime.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watch's command line: what it accepts, and that every mistake is named at once with exit code 2. */
class WatchOptionsTest {

    @Test
    void aFullCommandLine() throws WatchOptions.Invalid {
        WatchOptions options = WatchOptions.parse(List.of("--broker", "ssl://192.0.2.10", "--site", "riverside",
                "--username", "volunteer", "--password-file", "/run/pw", "--ca", "/etc/ca.pem", "--for", "10m"));
        assertEquals("ssl://192.0.2.10:8883", options.broker().toString());
        assertEquals(Optional.of("lowernet/riverside"), options.prefix());
        assertEquals(Optional.of("volunteer"), options.username());
        assertEquals(Optional.of(Path.of("/run/pw")), options.passwordFile());
        assertEquals(Optional.of(Path.of("/etc/ca.pem")), options.ca());
        assertEquals(Optional.of(Duration.ofMinutes(10)), options.duration());
        WatchOptions every = WatchOptions.parse(List.of("--broker", "tcp://mqtt.example.org"));
        assertEquals("tcp://mqtt.example.org:1883", every.broker().toString());
        assertEquals(Optional.empty(), every.prefix());
        assertEquals(Optional.of("neighbourhood/riverside"),
                WatchOptions.parse(List.of("--broker", "tcp://h", "--prefix", "neighbourhood/riverside")).prefix());
    }

    @Test
    void everyMistakeIsNamed() {
        WatchOptions.Invalid invalid = assertThrows(WatchOptions.Invalid.class, () -> WatchOptions.parse(List.of(
                "--site", "River side", "--prefix", "x", "--password", "secret", "--username", "u", "--for", "forever")));
        assertEquals(List.of(
                "--password: give the password in a file with --password-file; ps shows command lines",
                "'secret': expected one of --broker, --site, --prefix, --username, --password-file, --ca, --for",
                "--broker: required, such as --broker tcp://192.0.2.10:1883",
                "--site and --prefix: give one; --site S means --prefix lowernet/S",
                "--username and --password-file: give both or neither",
                "--for forever: expected a duration from 1s to 7d written as a number and s, m, h or d, such as 12h,"
                        + " found 'forever'"), invalid.getMessage().lines().toList());
        assertThrows(WatchOptions.Invalid.class, () -> WatchOptions.parse(List.of("--broker", "http://h")));
        assertThrows(WatchOptions.Invalid.class, () -> WatchOptions.parse(List.of("--broker", "tcp://h", "--ca", "/c")));
        assertThrows(WatchOptions.Invalid.class, () -> WatchOptions.parse(List.of("--broker", "tcp://h", "--for")));
    }

    @Test
    void aWrongCommandLineOrAnUnreadablePasswordFileExitsTwoWithUsage(@TempDir Path dir) throws InterruptedException {
        for (List<String> args : List.of(List.of("--site", "riverside"), List.of("--broker", "tcp://127.0.0.1:1",
                "--username", "u", "--password-file", dir.resolve("absent").toString()))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Watch.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), false);
            assertEquals(2, code, String.join(" ", args));
            assertEquals("", out.toString(StandardCharsets.UTF_8));
            String text = err.toString(StandardCharsets.UTF_8);
            assertEquals(text.lines().findFirst().orElseThrow() + "\n" + WatchOptions.USAGE, text);
        }
    }
}
