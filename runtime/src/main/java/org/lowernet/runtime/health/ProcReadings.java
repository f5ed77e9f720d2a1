package org.lowernet.runtime.health;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.tinylog.Logger;

/**
 * Reads this node's health facts from a root folder: "/" on the device, a prepared folder in tests.
 * Each call reads its file afresh; nothing is cached. Malformed files throw an {@link IOException} naming
 * the file and the offending text, so a kernel with a different format is noticed rather than reported as 0.
 */
public final class ProcReadings {

    /** The /proc files read here are a few KiB; more means something is wrong, not that we should read on. */
    static final int MAX_BYTES = 64 * 1024;
    /** dnsmasq keeps at most 1000 leases by default (dhcp-lease-max), each line under 200 bytes. */
    static final int MAX_LEASE_BYTES = 256 * 1024;
    /** Thermal zone types of the SoC sensor: Pi 4/5 (bcm2711/2712 DT), older DTs, Allwinner/Rockchip boards. */
    private static final Set<String> CPU_ZONE_TYPES = Set.of("cpu-thermal", "cpu_thermal", "soc-thermal");
    private static final String ZONE_PREFIX = "thermal_zone";
    private static final int KIB = 1024;

    /** Load averages and scheduler counts of /proc/loadavg (proc(5)). */
    public record Load(double one, double five, double fifteen, int running, int total) {}

    /** Memory of /proc/meminfo in kB (1024 bytes, the kernel's unit and respondd's). */
    public record Memory(long totalKb, long freeKb, long availableKb) {}

    private final Path root;

    public ProcReadings(Path root) {
        this.root = root;
    }

    /** Seconds since boot: the first field of /proc/uptime. */
    public double uptimeSeconds() throws IOException {
        String file = "/proc/uptime";
        String[] fields = fields(read(onDevice(file), file, MAX_BYTES));
        if (fields.length != 2) {
            throw malformed(file, "expected 2 fields", String.join(" ", fields));
        }
        return number(file, fields[0]);
    }

    /** The 1, 5 and 15 minute load averages and the running/total scheduling entities of /proc/loadavg. */
    public Load load() throws IOException {
        String file = "/proc/loadavg";
        String text = read(onDevice(file), file, MAX_BYTES);
        String[] fields = fields(text);
        if (fields.length != 5) {
            throw malformed(file, "expected 5 fields", text.strip());
        }
        String[] counts = fields[3].split("/", -1);
        if (counts.length != 2) {
            throw malformed(file, "expected running/total", fields[3]);
        }
        return new Load(number(file, fields[0]), number(file, fields[1]), number(file, fields[2]),
                (int) count(file, counts[0]), (int) count(file, counts[1]));
    }

    /**
     * Total, free and available memory of /proc/meminfo. Kernels before 3.14 have no MemAvailable; then
     * available is estimated as MemFree + Buffers + Cached, which overstates it (not all cache can be
     * dropped) but is what tools of that era reported.
     */
    public Memory memory() throws IOException {
        String file = "/proc/meminfo";
        Map<String, Long> kb = kbValues(file, read(onDevice(file), file, MAX_BYTES));
        long total = required(file, kb, "MemTotal");
        long free = required(file, kb, "MemFree");
        Long available = kb.get("MemAvailable");
        if (available == null) {
            available = free + required(file, kb, "Buffers") + required(file, kb, "Cached");
        }
        return new Memory(total, free, available);
    }

    /**
     * The SoC temperature: the first thermal zone (by number) whose type is a CPU/SoC sensor, else
     * thermal_zone0. Empty when there is no zone (QEMU has none) or it cannot be read: a missing
     * temperature is normal and must not stop the other readings.
     */
    public OptionalDouble temperatureCelsius() {
        Path thermal = onDevice("/sys/class/thermal");
        List<Path> zones = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(thermal, ZONE_PREFIX + "*")) {
            entries.forEach(zones::add);
        } catch (NoSuchFileException e) {
            return OptionalDouble.empty();
        } catch (IOException e) {
            Logger.debug("No temperature: listing {} failed: {}", thermal, e.toString());
            return OptionalDouble.empty();
        }
        zones.removeIf(zone -> zoneNumber(zone) < 0);
        if (zones.isEmpty()) {
            return OptionalDouble.empty();
        }
        zones.sort(Comparator.comparingLong(ProcReadings::zoneNumber));
        Path chosen = zones.stream().filter(ProcReadings::isCpuZone).findFirst()
                .orElse(thermal.resolve(ZONE_PREFIX + "0"));
        Path temp = chosen.resolve("temp");
        try {
            String text = read(temp, temp.toString(), MAX_BYTES).strip();
            return OptionalDouble.of(Long.parseLong(text) / 1000.0);
        } catch (IOException | NumberFormatException e) {
            Logger.debug("No temperature: reading {} failed: {}", temp, e.toString());
            return OptionalDouble.empty();
        }
    }

    /** The resident set size of this process: VmRSS of /proc/self/status, in bytes. */
    public long residentBytes() throws IOException {
        String file = "/proc/self/status";
        return required(file, kbValues(file, read(onDevice(file), file, MAX_BYTES)), "VmRSS") * KIB;
    }

    /**
     * The number of leases in dnsmasq's lease file: its lines "expiry mac ip name clientid" with at least
     * 4 fields. Blank lines and the DHCPv6 "duid …" line are not leases. 0 when the file does not exist
     * (dnsmasq writes it at the first lease).
     */
    public static int leaseCount(Path dnsmasqLeaseFile) throws IOException {
        String text;
        try {
            text = read(dnsmasqLeaseFile, dnsmasqLeaseFile.toString(), MAX_LEASE_BYTES);
        } catch (NoSuchFileException e) {
            return 0;
        }
        return (int) text.lines().filter(line -> fields(line).length >= 4).count();
    }

    /** A file named as on the device ("/proc/loadavg"), found below the root; messages use the device name. */
    private Path onDevice(String devicePath) {
        return root.resolve(devicePath.substring(1));
    }

    private static boolean isCpuZone(Path zone) {
        try {
            return CPU_ZONE_TYPES.contains(read(zone.resolve("type"), zone + "/type", MAX_BYTES).strip());
        } catch (IOException e) {
            Logger.debug("Thermal zone {} has no readable type: {}", zone, e.toString());
            return false;
        }
    }

    /** The N of thermal_zoneN, or -1 when the rest is not a number. */
    private static long zoneNumber(Path zone) {
        String digits = zone.getFileName().toString().substring(ZONE_PREFIX.length());
        return digits.matches("[0-9]{1,9}") ? Long.parseLong(digits) : -1;
    }

    /** The "Key: value kB" lines of meminfo and status, keyed by name; lines of other shapes are skipped. */
    private static Map<String, Long> kbValues(String file, String text) throws IOException {
        Map<String, Long> values = new HashMap<>();
        for (String line : text.lines().toList()) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                if (line.isBlank()) {
                    continue;
                }
                throw malformed(file, "expected 'Key: value kB'", line);
            }
            String[] value = fields(line.substring(colon + 1));
            if (value.length == 2 && value[1].equals("kB")) {
                values.put(line.substring(0, colon).strip(), count(file, value[0]));
            }
        }
        return values;
    }

    private static long required(String file, Map<String, Long> kb, String key) throws IOException {
        Long value = kb.get(key);
        if (value == null) {
            throw new IOException(file + ": no '" + key + ": <n> kB' line; is this a Linux meminfo/status file?");
        }
        return value;
    }

    private static double number(String file, String text) throws IOException {
        // Stricter than parseDouble, which also takes "NaN", "1e3" and hex: the kernel writes none of those.
        if (!text.matches("[0-9]{1,18}(\\.[0-9]{1,9})?")) {
            throw malformed(file, "expected a non-negative decimal number", text);
        }
        return Double.parseDouble(text);
    }

    private static long count(String file, String text) throws IOException {
        if (!text.matches("[0-9]{1,18}")) {
            throw malformed(file, "expected a non-negative whole number", text);
        }
        return Long.parseLong(text);
    }

    private static String[] fields(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? new String[0] : stripped.split("\\s+");
    }

    /** Reads at most {@code max} bytes; /proc files report size 0, so the size cannot be asked first. */
    private static String read(Path file, String name, int max) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                throw new IOException(name + ": longer than " + max / KIB + " KiB; not the file expected here");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static IOException malformed(String file, String expected, String found) {
        return new IOException(file + ": " + expected + ", found '" + found + "'");
    }

}
