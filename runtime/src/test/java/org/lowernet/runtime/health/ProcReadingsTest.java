package org.lowernet.runtime.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProcReadingsTest {

    // Real contents, copied from a Linux 6.x host's /proc (meminfo and status shortened, shapes kept).
    private static final String UPTIME = "10644.74 9134.52\n";
    private static final String LOADAVG = "0.36 1.25 1.60 1/83 32520\n";
    private static final String MEMINFO = """
            MemTotal:       24731700 kB
            MemFree:        23476424 kB
            MemAvailable:   24274912 kB
            Buffers:           30368 kB
            Cached:           933884 kB
            SwapCached:            0 kB
            Active(anon):        972 kB
            Inactive(anon):     4432 kB
            HugePages_Total:       0
            HugePages_Free:        0
            Hugepagesize:       2048 kB
            """;
    private static final String STATUS = """
            Name:\tjava
            Umask:\t0022
            State:\tS (sleeping)
            Tgid:\t634
            Uid:\t0\t0\t0\t0
            Groups:\t\s
            VmPeak:\t 4512340 kB
            VmSize:\t 4447812 kB
            VmHWM:\t   52120 kB
            VmRSS:\t   51876 kB
            RssAnon:\t   24116 kB
            Threads:\t19
            Cpus_allowed_list:\t0-1
            """;

    @TempDir
    Path root;

    @Test
    void readsUptimeLoadMemoryAndResidentSize() throws IOException {
        write("proc/uptime", UPTIME);
        write("proc/loadavg", LOADAVG);
        write("proc/meminfo", MEMINFO);
        write("proc/self/status", STATUS);
        ProcReadings readings = new ProcReadings(root);

        assertEquals(10644.74, readings.uptimeSeconds());
        assertEquals(new ProcReadings.Load(0.36, 1.25, 1.60, 1, 83), readings.load());
        assertEquals(new ProcReadings.Memory(24731700, 23476424, 24274912), readings.memory());
        assertEquals(51876L * 1024, readings.residentBytes());
    }

    @Test
    void estimatesAvailableMemoryOnKernelsWithoutMemAvailable() throws IOException {
        write("proc/meminfo", MEMINFO.replaceAll("MemAvailable:.*\n", ""));

        assertEquals(new ProcReadings.Memory(24731700, 23476424, 23476424 + 30368 + 933884),
                new ProcReadings(root).memory());
    }

    @Test
    void takesThePiCpuZone() throws IOException {
        zone(0, "cpu-thermal", "48686");
        Files.createDirectories(root.resolve("sys/class/thermal/cooling_device0"));

        assertEquals(OptionalDouble.of(48.686), new ProcReadings(root).temperatureCelsius());
    }

    @Test
    void takesTheFirstCpuZoneByNumberWhenZone0IsAnotherSensor() throws IOException {
        zone(0, "gpu-thermal", "61000");
        zone(10, "cpu-thermal", "99000");
        zone(2, "soc-thermal", "-4500");

        assertEquals(OptionalDouble.of(-4.5), new ProcReadings(root).temperatureCelsius());
    }

    @Test
    void fallsBackToZone0WhenNoZoneIsTheCpu() throws IOException {
        zone(1, "acpitz", "27800");
        zone(0, "x86_pkg_temp", "45000");

        assertEquals(OptionalDouble.of(45.0), new ProcReadings(root).temperatureCelsius());
    }

    @Test
    void hasNoTemperatureWithoutZonesOrWithAnUnreadableOne() throws IOException {
        assertEquals(OptionalDouble.empty(), new ProcReadings(root).temperatureCelsius(), "no /sys at all");

        Files.createDirectories(root.resolve("sys/class/thermal"));
        assertEquals(OptionalDouble.empty(), new ProcReadings(root).temperatureCelsius(), "empty thermal class, as in QEMU");

        zone(0, "cpu-thermal", "garbage");
        assertEquals(OptionalDouble.empty(), new ProcReadings(root).temperatureCelsius(), "garbage temp");

        Files.delete(root.resolve("sys/class/thermal/thermal_zone0/temp"));
        assertEquals(OptionalDouble.empty(), new ProcReadings(root).temperatureCelsius(), "zone without temp");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            proc/uptime      | garbage                          | /proc/uptime: expected 2 fields, found 'garbage'
            proc/uptime      | -3.5 1.0                         | /proc/uptime: expected a non-negative decimal number, found '-3.5'
            proc/loadavg     | garbage                          | /proc/loadavg: expected 5 fields, found 'garbage'
            proc/loadavg     | 0.36 1.25 1.60 183 32520         | /proc/loadavg: expected running/total, found '183'
            proc/loadavg     | 0.36 NaN 1.60 1/83 32520         | /proc/loadavg: expected a non-negative decimal number, found 'NaN'
            proc/meminfo     | garbage                          | /proc/meminfo: expected 'Key: value kB', found 'garbage'
            proc/meminfo     | MemTotal: 1 kB                   | /proc/meminfo: no 'MemFree: <n> kB' line
            proc/meminfo     | MemTotal: lots kB                | /proc/meminfo: expected a non-negative whole number, found 'lots'
            proc/self/status | garbage                          | /proc/self/status: expected 'Key: value kB', found 'garbage'
            proc/self/status | Name: kthreadd                   | /proc/self/status: no 'VmRSS: <n> kB' line
            """)
    void namesTheFileAndTheOffendingText(String file, String content, String message) throws IOException {
        write(file, content + "\n");
        ProcReadings readings = new ProcReadings(root);

        IOException e = assertThrows(IOException.class, () -> {
            switch (file) {
                case "proc/uptime" -> readings.uptimeSeconds();
                case "proc/loadavg" -> readings.load();
                case "proc/meminfo" -> readings.memory();
                default -> readings.residentBytes();
            }
        });
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void refusesAFileLargerThan64KiB() throws IOException {
        write("proc/meminfo", "MemTotal: 1 kB\n".repeat(ProcReadings.MAX_BYTES / 10));

        IOException e = assertThrows(IOException.class, () -> new ProcReadings(root).memory());
        assertEquals("/proc/meminfo: longer than 64 KiB; not the file expected here", e.getMessage());
    }

    @Test
    void countsLeaseLinesOnly() throws IOException {
        Path leases = write("dnsmasq.leases", """
                1764000000 dc:a6:32:01:02:03 192.168.7.23 laptop 01:dc:a6:32:01:02:03
                1764000120 b8:27:eb:aa:bb:cc 192.168.7.31 * *

                1764000301 2c:cf:67:10:20:30 192.168.7.40 phone *
                garbage line
                duid 00:01:00:01:2c:5e:1a:2b:dc:a6:32:01:02:03
                """);

        assertEquals(3, ProcReadings.leaseCount(leases));
    }

    @Test
    void countsNoLeasesBeforeDnsmasqWroteTheFile() throws IOException {
        assertEquals(0, ProcReadings.leaseCount(root.resolve("dnsmasq.leases")));
    }

    @Test
    void reportsALeaseFileThatCannotBeRead() throws IOException {
        Path folder = Files.createDirectories(root.resolve("dnsmasq.leases"));

        assertThrows(IOException.class, () -> ProcReadings.leaseCount(folder));
    }

    @Test
    void readsThisHostPlausibly() throws IOException {
        ProcReadings host = new ProcReadings(Path.of("/"));

        assertTrue(host.uptimeSeconds() > 0);
        ProcReadings.Load load = host.load();
        assertTrue(load.one() >= 0 && load.five() >= 0 && load.fifteen() >= 0, load.toString());
        assertTrue(load.running() >= 1 && load.total() >= load.running(), load.toString());
        ProcReadings.Memory memory = host.memory();
        assertTrue(memory.totalKb() >= memory.availableKb() && memory.totalKb() >= memory.freeKb(), memory.toString());
        assertTrue(host.residentBytes() > 1024 * 1024, "this JVM uses more than 1 MiB");
        host.temperatureCelsius(); // present or not, it must not throw
    }

    private void zone(int number, String type, String millidegrees) throws IOException {
        write("sys/class/thermal/thermal_zone" + number + "/type", type + "\n");
        write("sys/class/thermal/thermal_zone" + number + "/temp", millidegrees + "\n");
    }

    private Path write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }
}
