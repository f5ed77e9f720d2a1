package org.lowernet.image.jre;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.HostTools;

/**
 * The host JDK's own libjvm.so (x86-64, with its static symbol table, as the arm64 one) stripped in Java:
 * binutils' readelf judges the headers, and a JVM started from the stripped library must run.
 */
class SymbolStripTest {

    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));
    private static final Path LIBJVM = JAVA_HOME.resolve("lib/server/libjvm.so");
    /** readelf -S -W: "[Nr] Name Type Address Off Size ES Flg ..." */
    private static final Pattern SECTION = Pattern.compile(
            "^\\s*\\[\\s*\\d+]\\s+(\\S+)\\s+(\\S+)\\s+([0-9a-f]+)\\s+([0-9a-f]+)\\s+([0-9a-f]+)\\s+\\S+\\s*(\\S*)");

    @TempDir
    Path dir;

    @Test
    void removesTheStaticSymbolTableAndKeepsEveryMappedByteWhereItWas() throws Exception {
        HostTools.require("readelf");
        byte[] original = Files.readAllBytes(LIBJVM);
        Map<String, String[]> before = sections(LIBJVM);
        HostTools.require(before.containsKey(".symtab"), "the host JDK's libjvm.so has no .symtab to strip");

        byte[] stripped = SymbolStrip.strip(original, "libjvm.so");
        Path out = dir.resolve("libjvm.so");
        Files.write(out, stripped);
        HostTools.Result check = HostTools.run(List.of("readelf", "-h", "-l", "-S", "-d", "--dyn-syms", "-W",
                out.toString()));
        assertEquals(0, check.exitCode(), check.toString());
        assertFalse(check.stderr().contains("Warning") || check.stderr().contains("Error"), check.stderr());

        Map<String, String[]> after = sections(out);
        assertFalse(after.containsKey(".symtab"), after.keySet().toString());
        assertFalse(after.containsKey(".strtab"), after.keySet().toString());
        assertTrue(after.containsKey(".dynsym") && after.containsKey(".gnu_debuglink"), after.keySet().toString());
        assertEquals(before.size() - 2, after.size());
        long symbols = Long.parseLong(before.get(".symtab")[4], 16) + Long.parseLong(before.get(".strtab")[4], 16);
        assertTrue(original.length - stripped.length >= symbols,
                "saved " + (original.length - stripped.length) + " bytes, the tables held " + symbols);
        for (var section : after.entrySet()) {
            String[] was = before.get(section.getKey());
            String[] now = section.getValue();
            assertEquals(was[1] + " " + was[2] + " " + was[4], now[1] + " " + now[2] + " " + now[4], section.getKey());
            if (now[5].contains("A") && !now[1].equals("NOBITS")) {
                int from = Integer.parseInt(was[3], 16);
                int size = Integer.parseInt(was[4], 16);
                assertEquals(was[3], now[3], section.getKey() + " moved");
                assertArrayEquals(Arrays.copyOfRange(original, from, from + size),
                        Arrays.copyOfRange(stripped, from, from + size), section.getKey());
            } else if (!now[1].equals("NOBITS")) {
                int from = Integer.parseInt(was[3], 16);
                int to = Integer.parseInt(now[3], 16);
                int size = Integer.parseInt(was[4], 16);
                assertArrayEquals(Arrays.copyOfRange(original, from, from + size),
                        Arrays.copyOfRange(stripped, to, to + size), section.getKey());
            }
        }
        assertSame(stripped, SymbolStrip.strip(stripped, "libjvm.so"), "a second strip finds nothing to remove");
    }

    @Test
    void aJvmRunsOnTheStrippedLibrary() throws Exception {
        // A copy of the JDK's launcher finds lib/server/libjvm.so beside itself; the rest are links.
        Path jdk = dir.resolve("jdk");
        Files.createDirectories(jdk.resolve("bin"));
        Files.createDirectories(jdk.resolve("lib/server"));
        try (var files = Files.list(JAVA_HOME.resolve("lib"))) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals("server")) {
                    Files.createSymbolicLink(jdk.resolve("lib").resolve(f.getFileName()), f);
                }
            }
        }
        Files.createSymbolicLink(jdk.resolve("conf"), JAVA_HOME.resolve("conf"));
        Files.write(jdk.resolve("lib/server/libjvm.so"), SymbolStrip.strip(Files.readAllBytes(LIBJVM), "libjvm.so"));
        Path java = jdk.resolve("bin/java");
        Files.copy(JAVA_HOME.resolve("bin/java"), java);

        HostTools.Result run;
        try {
            run = HostTools.run(List.of(java.toString(), "-Xshare:off", "-XshowSettings:properties", "-version"));
        } finally {
            // The links go before @TempDir's clean-up, which would warn about each one.
            try (var links = Files.list(jdk.resolve("lib"))) {
                for (Path link : links.filter(Files::isSymbolicLink).toList()) {
                    Files.delete(link);
                }
            }
            Files.delete(jdk.resolve("conf"));
        }
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.stderr().contains("java.home = " + jdk), run.stderr());
        assertTrue(run.stderr().contains("version \"" + Runtime.version().feature()), run.stderr());
    }

    @Test
    void refusesWhatIsNotALittleEndianElf64File() {
        byte[] text = "#!/bin/sh\necho hello\n".repeat(4).getBytes();
        assertFalse(SymbolStrip.isElf(text));
        var e = assertThrows(IllegalArgumentException.class, () -> SymbolStrip.strip(text, "lib/jspawnhelper"));
        assertEquals("stripping symbols from lib/jspawnhelper: not a little-endian ELF64 file", e.getMessage());

        byte[] truncated = new byte[0x40];
        System.arraycopy(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1}, 0, truncated, 0, 7);
        truncated[0x3A] = 0x40;
        truncated[0x36] = 0x38;
        truncated[0x3C] = 30; // 30 section headers at offset 0: outside a 64-byte file
        e = assertThrows(IllegalArgumentException.class, () -> SymbolStrip.strip(truncated, "libx.so"));
        assertTrue(e.getMessage().contains("section headers lie outside the file"), e.getMessage());
    }

    /** Name -> [name, type, address, offset, size, flags] from readelf's section list. */
    private static Map<String, String[]> sections(Path elf) throws IOException, InterruptedException {
        HostTools.Result list = HostTools.run(List.of("readelf", "-S", "-W", elf.toString()));
        assertEquals(0, list.exitCode(), list.toString());
        Map<String, String[]> sections = new TreeMap<>();
        for (String line : list.out().lines().toList()) {
            Matcher m = SECTION.matcher(line);
            if (m.find() && !m.group(1).equals("NULL") && !line.contains("[ 0]")) {
                sections.put(m.group(1), new String[] {m.group(1), m.group(2), m.group(3), m.group(4), m.group(5),
                        m.group(6)});
            }
        }
        return sections;
    }
}
