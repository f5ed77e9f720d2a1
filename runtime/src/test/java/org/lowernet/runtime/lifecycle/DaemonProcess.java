package org.lowernet.runtime.lifecycle;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.lowernet.runtime.Chronyd;
import org.lowernet.runtime.net.Netns;
import org.lowernet.runtime.router.NetLab;

/**
 * The daemon as the device runs it ({@code lowernet run}, a JVM of its own) inside a test's network namespace,
 * with a root folder holding its lowernet.conf, device tree model and board profiles; and the log lines it
 * printed, without their time stamps.
 */
record DaemonProcess(Process process, List<String> lines) implements AutoCloseable {

    private static final long WAIT_SECONDS = 60;
    /** CAP_SYS_TIME's bit in /proc/PID/status's capability masks (linux/capability.h). */
    static final int CAP_SYS_TIME = 25;

    /** A root like the device's for the qemu-virt profile: boot/lowernet.conf, a serial ending c0ffee, /proc links. */
    static void prepareRoot(Path root, String config) throws IOException {
        NetLab.prepareRoot(root, "c0ffee", config);
    }

    /** @param properties extra system properties for the daemon's JVM, e.g. {@code lowernet.off=leds} */
    static DaemonProcess start(Netns ns, Path root, String... properties) throws IOException {
        // ip netns exec execs the JVM in its own process: signals to this process reach the daemon itself.
        // setpriv takes CAP_SYS_TIME out of its bounding set: whatever it does, it cannot set the host's clock
        // (the clock is not namespaced; besides, a daemon whose root is a test folder leaves it alone).
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns.name, "setpriv",
                Chronyd.NO_CLOCK, Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dlowernet.root=" + root));
        for (String property : properties) {
            command.add("-D" + property);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.lowernet.runtime.Main", "run"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    System.out.println("daemon| " + line);
                    lines.add(line.replaceFirst("^\\S+ \\S+ (INFO|WARN|ERROR): ", ""));
                }
            } catch (IOException e) {
                lines.add("(reading the daemon's output failed: " + e + ")");
            }
        }, "daemon-output");
        reader.setDaemon(true);
        reader.start();
        return new DaemonProcess(process, lines);
    }

    /** Waits (bounded) for a line; returns every line up to it. */
    List<String> awaitLine(String wanted) throws InterruptedException {
        return awaitLine(wanted::equals, "'" + wanted + "'");
    }

    /** Waits (bounded) for a line {@code matching}; returns every line up to it. */
    List<String> awaitLine(Predicate<String> matching, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        long exited = 0;
        while (System.nanoTime() < deadline) {
            synchronized (lines) {
                for (int at = 0; at < lines.size(); at++) {
                    if (matching.test(lines.get(at))) {
                        return List.copyOf(lines.subList(0, at + 1));
                    }
                }
            }
            if (!process.isAlive()) {
                // Its last lines may still be on their way from the reader thread: a moment for them.
                exited = exited == 0 ? System.nanoTime() : exited;
                if (System.nanoTime() - exited > TimeUnit.SECONDS.toNanos(2)) {
                    fail("the daemon exited with " + process.exitValue() + " before " + what + ": " + lines);
                }
            }
            Thread.sleep(50);
        }
        fail("no " + what + " within " + WAIT_SECONDS + " s: " + lines);
        return List.of();
    }

    /**
     * The daemon's rtnetlink sockets (NETLINK_ROUTE, protocol 0 in /proc/PID/net/netlink) that subscribe to
     * multicast groups, matched to its open file descriptors by inode.
     */
    long rtnetlinkSubscriptions() throws IOException {
        long pid = process.pid();
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (NoSuchFileException e) {
                    // Closed while we listed the folder: not a socket the daemon keeps.
                }
            }
        }
        // Columns: sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode (net/netlink/af_netlink.c).
        return Files.readAllLines(Path.of("/proc", String.valueOf(pid), "net", "netlink")).stream().skip(1)
                .map(line -> line.trim().split("\\s+"))
                .filter(f -> f[1].equals("0") && Long.parseLong(f[3], 16) != 0 && inodes.contains(f[9]))
                .count();
    }

    /** Whether the daemon's process could ever gain CAP_SYS_TIME (its bounding set, /proc/PID/status CapBnd). */
    boolean maySetTheClock() throws IOException {
        String bounding = Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status")).stream()
                .filter(l -> l.startsWith("CapBnd:")).findFirst().orElseThrow().substring("CapBnd:".length()).strip();
        return (Long.parseUnsignedLong(bounding, 16) >> CAP_SYS_TIME & 1) == 1;
    }

    /** SIGKILL, as a power cut or an OOM kill would end it: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            fail("the daemon survived SIGKILL for 10 s");
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
