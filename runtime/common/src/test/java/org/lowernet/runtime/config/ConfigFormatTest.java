package org.lowernet.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file format: encoding, line ends, comments, limits, and that every error is reported. */
class ConfigFormatTest {

    @Test
    void anEmptyFileGivesTheDefaults() {
        LowernetConfig config = ConfigTesting.valid("");
        assertEquals(LowernetConfig.defaults(), config);
        assertEquals("10.42.0.1/24", config.lan().address().toString());
        assertEquals("10.42.0.100-10.42.0.199", config.lan().dhcpRange().toString());
        assertEquals(Duration.ofHours(12), config.lan().dhcpLease());
        assertEquals(WanMode.DHCP, config.wan().mode());
        assertEquals(LowernetConfig.defaults(), ConfigTesting.valid("\n\n   \n# only comments\n\t# indented\n"));
    }

    @Test
    void windowsNotepadFilesWithBomAndCrlfAreRead() {
        byte[] text = "\uFEFF# made on Windows\r\nsite = riverside\r\nlan.dhcp.lease = 1d\r\n"
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(0xEF, text[0] & 0xff);
        ConfigResult result = ConfigParser.parse(text, "lowernet.conf");
        assertTrue(result.valid(), ConfigTesting.messages(result));
        assertEquals("riverside", result.config().orElseThrow().node().site().orElseThrow());
        assertEquals(Duration.ofDays(1), result.config().orElseThrow().lan().dhcpLease());
    }

    @Test
    void aBomOnlyCountsAtTheStart() {
        String message = ConfigTesting.oneError("site = riverside\n\uFEFFlan.dhcp.lease = 1d", 2);
        assertTrue(message.contains("unknown key"), message);
    }

    @Test
    void trailingCommentsNeedASpaceBeforeTheHash() {
        LowernetConfig config = ConfigTesting.valid("site = riverside   # the east side\nnode.name = a\t# tab\n");
        assertEquals("riverside", config.node().site().orElseThrow());
        assertEquals("a", config.node().name().orElseThrow());
        String message = ConfigTesting.oneError("site = river#side", 1);
        assertTrue(message.contains("site = river#side: expected a site id"), message);
    }

    @Test
    void bytesThatAreNotUtf8AreAnErrorNamingLineAndColumn() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("site = riverside\n# caf".getBytes(StandardCharsets.UTF_8));
        out.write(0xE9); // Latin-1 é, as an old Windows editor writes it
        out.writeBytes("\nlan.dhcp.lease = 1d\n".getBytes(StandardCharsets.UTF_8));
        ConfigResult result = ConfigParser.parse(out.toByteArray(), "lowernet.conf");
        assertEquals(List.of("lowernet.conf:2: expected text in UTF-8; save the file as UTF-8, found the byte 0xE9"
                + " at column 6, which is not UTF-8"), result.errors().stream().map(ConfigError::message).toList());
    }

    @Test
    void tenMegabytesGiveOneErrorQuickly(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("lowernet.conf");
        byte[] line = "lan.dhcp.lease = 12h\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[10 * 1024 * 1024];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = line[i % line.length];
        }
        Files.write(big, bytes);
        ConfigResult result = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> ConfigParser.read(big));
        assertEquals(List.of(big + ": expected a file of at most 64 KiB; is this the right file?, found 10485760 bytes"),
                result.errors().stream().map(ConfigError::message).toList());
        assertEquals(1, ConfigParser.parse(bytes, "x").errors().size());
    }

    @Test
    void aMissingFileIsOneError(@TempDir Path dir) {
        ConfigResult result = ConfigParser.read(dir.resolve("nothing.conf"));
        assertEquals(List.of(dir.resolve("nothing.conf") + ": expected a readable file, found no such file"),
                result.errors().stream().map(ConfigError::message).toList());
    }

    @Test
    void aDuplicateKeyNamesBothLines() {
        String message = ConfigTesting.oneError("site = a\n\nsite = b\n", 3);
        assertEquals("lowernet.conf:3: site = b: expected each key at most once, found it already set on line 1;"
                + " delete or comment out one of them", message);
    }

    @Test
    void malformedLinesSayWhatALineLooksLike() {
        assertTrue(ConfigTesting.oneError("site riverside", 1).contains("found 'site riverside' without '='"));
        assertTrue(ConfigTesting.oneError(" = riverside", 1).contains("expected a key before '='"));
        assertTrue(ConfigTesting.oneError("node name = a", 1).contains("expected a key without spaces"));
        assertTrue(ConfigTesting.oneError("site =   ", 1).contains("comment the line out"));
    }

    @Test
    void everyErrorIsReportedWithItsLine() {
        String text = """
                # five mistakes
                node.name = -bad-
                site = riverside
                lan.adress = 10.42.0.1/24
                lan.dhcp.lease = 12 hours
                interface.eth0.role = wan
                interface.eth1.role = wan
                wan.gateway = 192.0.2.1
                """;
        ConfigResult result = ConfigTesting.parse(text);
        assertEquals(List.of(2, 4, 5, 7, 8), result.errors().stream().map(ConfigError::line).toList(),
                ConfigTesting.messages(result));
        assertEquals(List.of("node.name", "lan.adress", "lan.dhcp.lease", "interface.eth1.role", "wan.gateway"),
                result.errors().stream().map(ConfigError::key).toList());
    }

    @Test
    void aFileOfGarbageIsCutAfterFiftyErrors() {
        String text = "nonsense\n".repeat(500);
        ConfigResult result = ConfigTesting.parse(text);
        assertEquals(ConfigParser.MAX_ERRORS + 1, result.errors().size());
        assertEquals("lowernet.conf: expected a lowernet.conf; is this the right file?, found 450 more errors from"
                + " line 51 on, not shown", result.errors().getLast().message());
    }
}
