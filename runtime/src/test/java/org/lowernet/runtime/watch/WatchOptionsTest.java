package org.lowernet.runtime.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.lowernet.runtime.cli.FrontDoor;
import org.lowernet.runtime.cli.UsageException;

/** The watch's command line: what it accepts, and that every mistake is named at once (MainTest: exit code 2). */
class WatchOptionsTest {

    @Test
    void aFullCommandLine() throws UsageException {
        WatchOptions options = WatchOptions.parse(List.of("--broker", "ssl://192.0.2.10", "--site", "riverside",
                "--username", "volunteer", "--password-file", "/run/pw", "--ca", "/etc/ca.pem", "--for", "10m"));
        assertEquals("ssl://192.0.2.10:8883", options.broker().orElseThrow().toString());
        assertEquals(Optional.of("lowernet/riverside"), options.prefix());
        assertEquals(Optional.of("volunteer"), options.username());
        assertEquals(Optional.of(Path.of("/run/pw")), options.passwordFile());
        assertEquals(Optional.of(Path.of("/etc/ca.pem")), options.ca());
        assertEquals(Optional.of(Duration.ofMinutes(10)), options.duration());
        WatchOptions every = WatchOptions.parse(List.of("--broker", "tcp://mqtt.example.org"));
        assertEquals("tcp://mqtt.example.org:1883", every.broker().orElseThrow().toString());
        assertEquals(Optional.empty(), every.prefix());
        assertEquals(Optional.of("neighbourhood/riverside"),
                WatchOptions.parse(List.of("--broker", "tcp://h", "--prefix", "neighbourhood/riverside")).prefix());
    }

    @Test
    void everyMistakeIsNamed() {
        UsageException invalid = assertThrows(UsageException.class, () -> WatchOptions.parse(List.of(
                "--site", "River side", "--prefix", "x", "--password", "secret", "--username", "u", "--for", "forever")));
        assertEquals(List.of(
                "--password: give the password in a file with --password-file; ps shows command lines",
                "'secret': expected one of --broker, --site, --prefix, --username, --password-file, --ca, --respondd,"
                        + " --for",
                "--broker: required, such as --broker tcp://192.0.2.10:1883 (or --respondd IFACE)",
                "--site and --prefix: give one; --site S means --prefix lowernet/S",
                "--username and --password-file: give both or neither",
                "--for forever: expected a duration from 1s to 7d written as a number and s, m, h or d, such as 12h,"
                        + " found 'forever'"), invalid.problems());
        assertThrows(UsageException.class, () -> WatchOptions.parse(List.of("--broker", "http://h")));
        assertThrows(UsageException.class, () -> WatchOptions.parse(List.of("--broker", "tcp://h", "--ca", "/c")));
        assertThrows(UsageException.class, () -> WatchOptions.parse(List.of("--broker", "tcp://h", "--for")));
    }

    @Test
    void respondWatchesWithoutABroker() throws UsageException {
        WatchOptions options = WatchOptions.parse(List.of("--respondd", "eth1", "--for", "30s"));
        assertEquals(Optional.of("eth1"), options.respondd());
        assertEquals(Optional.empty(), options.broker());
        UsageException mixed = assertThrows(UsageException.class, () -> WatchOptions.parse(List.of(
                "--respondd", "eth1; rm -rf /", "--broker", "tcp://h", "--site", "riverside")));
        assertEquals(List.of("--respondd asks the mesh without a broker: drop --broker, --site",
                "--respondd eth1; rm -rf /: expected an interface name such as eth1 (1 to 15 letters, digits, '-',"
                        + " '_', '.')"), mixed.problems());
        assertThrows(UsageException.class, () -> WatchOptions.parse(List.of("--respondd")));
    }

    @Test
    void theHelpTextNamesExactlyTheOptionsTheParserKnows() {
        Set<String> inHelp = Pattern.compile("--[a-z][a-z-]*").matcher(FrontDoor.help("watch")).results()
                .map(MatchResult::group).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(WatchOptions.WITH_VALUE), inHelp);
    }
}
