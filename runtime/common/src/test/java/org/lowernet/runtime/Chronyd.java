package org.lowernet.runtime;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real NTP server for system tests: chrony's chronyd in a test's network namespace, serving the host's
 * clock as stratum 1 ({@code local stratum 1}, no sources) on one address to any client (the namespace is
 * the test's), with no command port or socket.
 * It never adjusts the clock ({@code -x}), and runs under {@code setpriv --bounding-set=-sys_time}, so it
 * cannot: the clock is not namespaced, and a test must never change the host's. Root (it runs as root, so
 * that its pid file can live in the test's folder).
 */
public final class Chronyd implements AutoCloseable {

    /** scripts/test unpacks chrony without installing it (that would replace the host's time daemon). */
    public static final Path PROGRAM = Path.of(System.getenv().getOrDefault("LOWERNET_CHRONYD", "/usr/sbin/chronyd"));
    /** The capability that sets the clock, as setpriv names it: out of the bounding set of what tests start. */
    public static final String NO_CLOCK = "--bounding-set=-sys_time";
    private static final long START_SECONDS = 10;

    private final Process process;
    private final Path log;

    private Chronyd(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts chronyd in namespace {@code namespace} on {@code address} port 123; waits (≤ 10 s) until it serves. */
    public static Chronyd start(Path work, String namespace, String address) throws IOException, InterruptedException {
        Requires.executable(PROGRAM, "chrony");
        Path folder = Files.createDirectories(work);
        Path config = Files.writeString(folder.resolve("chrony.conf"), """
                # Written by the test fixture org.lowernet.runtime.Chronyd
                local stratum 1
                allow all
                bindaddress %s
                port 123
                cmdport 0
                bindcmdaddress /
                pidfile %s
                """.formatted(address, folder.resolve("chronyd.pid")));
        Path log = folder.resolve("chronyd.log");
        Process process = new ProcessBuilder(List.of("ip", "netns", "exec", namespace, "setpriv", NO_CLOCK,
                PROGRAM.toString(), "-x", "-d", "-u", "root", "-f", config.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Chronyd chronyd = new Chronyd(process, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (!chronyd.log().contains("Disabled control of system clock")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                chronyd.close();
                fail("chronyd did not start with the clock's control disabled: " + chronyd.log());
            }
            Thread.sleep(50);
        }
        return chronyd;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
