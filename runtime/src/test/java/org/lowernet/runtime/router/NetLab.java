package org.lowernet.runtime.router;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lowernet.runtime.Chronyd;
import org.lowernet.runtime.Requires;
import org.lowernet.runtime.net.Netns;

/**
 * The pieces of a namespace lab, for any topology: namespaces the lab makes and always removes, programs run in
 * them in the background (their output kept as {@code tag| line}, time stamps cut), the real daemon JVM with a
 * root folder of its own per tag, an ISP (Debian's dnsmasq as DHCP and DNS server on {@value #ISP}), an HTTP
 * target whose CGI prints the peer's address, and a busybox udhcpc LAN client. Only addresses inside the
 * namespaces are used.
 */
public final class NetLab implements AutoCloseable {

    public static final String ISP = "198.51.100.1";
    public static final long WAIT_SECONDS = 60;

    public final Path folder;
    public final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());
    private final List<Netns> namespaces = new ArrayList<>();
    private final Map<String, Process> daemons = Collections.synchronizedMap(new LinkedHashMap<>());

    /** Without dnsmasq, busybox or nft: skipped, or failed under CI=true. */
    public NetLab(Path folder) throws IOException {
        for (String tool : List.of("/usr/sbin/dnsmasq", "/usr/bin/busybox", "/usr/sbin/nft")) {
            Requires.executable(Path.of(tool), "dnsmasq-base busybox nftables");
        }
        // dnsmasq drops to "nobody" and then re-reads the resolv file: the folder must be traversable,
        // as /run/lowernet (0755) is on the device; JUnit's temporary folders are 0700.
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        this.folder = folder;
    }

    /** A new namespace with its loopback up, removed when the lab closes. */
    public Netns namespace() throws IOException, InterruptedException {
        Netns ns = Netns.create();
        namespaces.add(ns);
        ns.ip("link", "set", "lo", "up");
        return ns;
    }

    /**
     * The ISP on {@code link} in {@code wan}, which must hold {@value #ISP}/24: DHCP for 198.51.100.50-99 with a 2
     * minute lease, offering itself as the NTP server (option 42; no NTP server runs there), DNS answering
     * target.test itself.
     */
    public Process startIsp(Netns wan, String link) throws IOException {
        return background(wan, "isp", "/usr/sbin/dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null",
                "--log-facility=-", "--pid-file=", "--user=root", "--interface=" + link, "--bind-interfaces",
                "--no-resolv", "--no-hosts", "--dhcp-range=198.51.100.50,198.51.100.99,255.255.255.0,2m",
                "--dhcp-option=option:ntp-server," + ISP, "--dhcp-leasefile=" + folder.resolve("isp.leases"),
                "--address=/target.test/" + ISP);
    }

    /** An HTTP target on {@value #ISP}:8080 in {@code wan} whose /cgi-bin/peer answers "peer=ADDRESS" of whoever connected. */
    public void startTarget(Netns wan) throws IOException {
        Path cgi = folder.resolve("www/cgi-bin/peer");
        Files.createDirectories(cgi.getParent());
        Files.writeString(cgi, "#!/usr/bin/busybox sh\necho 'Content-Type: text/plain'\necho\necho \"peer=$REMOTE_ADDR\"\n");
        Files.setPosixFilePermissions(cgi, PosixFilePermissions.fromString("rwxr-xr-x"));
        background(wan, "target", "/usr/bin/busybox", "httpd", "-f", "-p", ISP + ":8080", "-h",
                folder.resolve("www").toString());
    }

    /** The daemon's root folder for {@code tag}. */
    public Path root(String tag) {
        return folder.resolve(tag).resolve("root");
    }

    /**
     * The daemon JVM in {@code ns}, its root below the lab folder ({@link #root}): the qemu-virt profile, a serial
     * number ending in {@code serial}, {@code config} as lowernet.conf, {@code properties} as extra system
     * properties. It cannot set the host's clock (setpriv takes CAP_SYS_TIME away).
     */
    /**
     * A root like the device's for the qemu-virt profile: boot/lowernet.conf, the serial number {@code 10000000}
     * and {@code serial}, the host's /proc files the health reports read (as the device reads its own).
     */
    public static void prepareRoot(Path root, String serial, String config) throws IOException {
        Files.createDirectories(root.resolve("boot"));
        Files.createDirectories(root.resolve("proc/device-tree"));
        Files.createDirectories(root.resolve("proc/sys/kernel"));
        Files.createDirectories(root.resolve("usr/share/lowernet/boards"));
        // The firewall turns ip_forward on: the daemon runs in the test's namespace, where /proc/sys/net is its own.
        Files.createSymbolicLink(root.resolve("proc/sys/net"), Path.of("/proc/sys/net"));
        for (String file : List.of("uptime", "loadavg", "meminfo", "self")) {
            Files.createSymbolicLink(root.resolve("proc").resolve(file), Path.of("/proc", file));
        }
        Files.writeString(root.resolve("proc/device-tree/serial-number"), "10000000" + serial + "\0");
        Files.writeString(root.resolve("proc/device-tree/model"), "linux,dummy-virt\0");
        Files.writeString(root.resolve("boot/lowernet.conf"), config);
        Files.copy(Path.of("..", "board", "qemu-virt", "board.conf"),
                root.resolve("usr/share/lowernet/boards/qemu-virt.conf"));
    }

    public Process startDaemon(Netns ns, String tag, String serial, String config, String... properties)
            throws IOException {
        Path root = root(tag);
        prepareRoot(root, serial, config);
        List<String> command = new ArrayList<>(List.of("setpriv", Chronyd.NO_CLOCK,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dlowernet.root=" + root));
        for (String property : properties) {
            command.add("-D" + property);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.lowernet.runtime.Main", "run"));
        Process daemon = background(ns, tag, command.toArray(String[]::new));
        daemons.put(tag, daemon);
        return daemon;
    }

    /** Runs {@code command} in {@code ns} in the background until the lab closes; its output goes to {@link #lines}. */
    public Process background(Netns ns, String tag, String... command) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns.name));
        full.addAll(List.of(command));
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        processes.add(process);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    System.out.println(tag + "| " + line);
                    lines.add(tag + "| " + line.replaceFirst("^\\S+ \\S+ (INFO|WARN|ERROR): ", ""));
                }
            } catch (IOException e) {
                lines.add(tag + "| (reading its output failed: " + e + ")");
            }
        }, tag + "-output");
        reader.setDaemon(true);
        reader.start();
        return process;
    }

    /** Waits (bounded) for a line containing {@code text} after line {@code from}; returns its index. */
    public int await(String text, int from) throws InterruptedException {
        return await(line -> line.contains(text), "'" + text + "'", from);
    }

    /** Waits (bounded) for a line {@code matching} after line {@code from}; returns its index. */
    public int await(Predicate<String> matching, String what, int from) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            synchronized (lines) {
                for (int i = from; i < lines.size(); i++) {
                    if (matching.test(lines.get(i))) {
                        return i;
                    }
                }
            }
            synchronized (daemons) {
                daemons.forEach((tag, daemon) -> {
                    if (!daemon.isAlive()) {
                        fail("the daemon " + tag + " exited with " + daemon.exitValue() + " before " + what + ": "
                                + lines);
                    }
                });
            }
            Thread.sleep(50);
        }
        fail("no " + what + " within " + WAIT_SECONDS + " s: " + lines);
        return -1;
    }

    /** Runs a command in {@code ns} (bounded); returns exit code and output. */
    public static Result exec(Netns ns, long seconds, String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns.name));
        full.addAll(List.of(command));
        Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectInput(
                ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            return new Result(-1, new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    public record Result(int code, String output) {
    }

    /**
     * A LAN client in {@code ns} asks for a lease on {@code link} (udhcpc -n -q), applies it in its namespace
     * (address and default route) and returns the address.
     */
    public String clientLease(Netns ns, String link, String requested) throws IOException, InterruptedException {
        return clientLease(ns, link, folder, requested, lines);
    }

    /** As {@link #clientLease(Netns, String, String)}, the client saying its hostname (DHCP option 12). */
    public String namedClientLease(Netns ns, String link, String hostname) throws IOException, InterruptedException {
        return clientLease(ns, link, folder, "", lines, List.of("-x", "hostname:" + hostname));
    }

    /**
     * As {@link #clientLease(Netns, String, String)} without a lab: the client's script goes into {@code folder},
     * and a test that gets no lease fails showing {@code context}.
     */
    public static String clientLease(Netns ns, String link, Path folder, String requested, List<String> context)
            throws IOException, InterruptedException {
        return clientLease(ns, link, folder, requested, context, List.of());
    }

    private static String clientLease(Netns ns, String link, Path folder, String requested, List<String> context,
                                      List<String> options) throws IOException, InterruptedException {
        Path script = folder.resolve("client.script");
        Files.writeString(script, """
                #!/usr/bin/busybox sh
                case "$1" in
                bound|renew)
                    ip -4 addr flush dev "$interface"
                    ip addr add "$ip/$mask" dev "$interface"
                    ip route replace default via "${router%% *}"
                    echo "client-lease ip=$ip dns=$dns";;
                esac
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> command = new ArrayList<>(List.of("/usr/bin/busybox", "udhcpc", "-f", "-n", "-q", "-i", link,
                // 10 tries 3 s apart: a loaded host (the image's QEMU tests beside these) once let 5 tries 2 s apart pass
                // between the offer and the ack.
                "-s", script.toString(), "-t", "10", "-T", "3"));
        if (!requested.isEmpty()) {
            command.addAll(List.of("-r", requested));
        }
        command.addAll(options);
        Result result = exec(ns, 45, command.toArray(String[]::new));
        Matcher m = Pattern.compile("client-lease ip=(\\S+)").matcher(result.output());
        if (result.code() != 0 || !m.find()) {
            fail("the LAN client got no lease (exit " + result.code() + "): " + result.output() + "\n" + context);
        }
        return m.group(1);
    }

    /**
     * Pings {@code target} from {@code ns} once a second until it answers (bounded by {@code seconds}); the time
     * until it did, in ms. Fails when it never does.
     */
    public static long awaitPing(Netns ns, String target, long seconds) throws IOException, InterruptedException {
        long began = System.nanoTime();
        long deadline = began + TimeUnit.SECONDS.toNanos(seconds);
        Result last = null;
        while (System.nanoTime() < deadline) {
            last = exec(ns, 5, "busybox", "ping", "-c", "1", "-W", "1", target);
            if (last.code() == 0) {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
            }
        }
        fail(target + " did not answer a ping from " + ns.name + " within " + seconds + " s: " + last);
        return -1;
    }

    /**
     * Waits (bounded, 40 s) for a global address of {@code prefix} (e.g. "fd12:3456:789a:4e:") on {@code link} in
     * {@code ns}, past duplicate address detection, as router advertisements make it (SLAAC); returns it. Fails
     * showing {@code context} when none comes.
     */
    public static String awaitSlaac(Netns ns, String link, String prefix, List<String> context)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        String shown = "";
        while (System.nanoTime() < deadline) {
            shown = ns.ip("-6", "-o", "addr", "show", "dev", link, "scope", "global");
            for (String line : shown.lines().toList()) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 3 && fields[3].startsWith(prefix) && !line.contains("tentative")) {
                    return fields[3].substring(0, fields[3].indexOf('/'));
                }
            }
            Thread.sleep(200);
        }
        fail("no SLAAC address in " + prefix + ":/64 on " + link + " in " + ns.name + " within 40 s: " + shown + "\n"
                + context);
        return "";
    }

    /** The address DHCP gave {@code link} in {@code ns}, in the ISP's subnet 198.51.100.0/24. */
    public static String wanAddress(Netns ns, String link) throws IOException, InterruptedException {
        Matcher m = Pattern.compile("\"local\":\"(198\\.51\\.100\\.[0-9]+)\"").matcher(ns.ip("-j", "addr", "show", link));
        if (!m.find()) {
            fail("no WAN address on " + link + ": " + ns.ip("addr", "show", link));
        }
        return m.group(1);
    }

    /**
     * Waits (bounded, 30 s) until the main table of {@code ns} has a route to {@code destination} (e.g. "default")
     * whose text contains {@code containing}, or until it no longer has one.
     */
    public static void awaitRoute(Netns ns, String destination, String containing, boolean present)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String route = ns.ip("route", "show", destination);
            if ((!route.isBlank() && route.contains(containing)) == present) {
                return;
            }
            Thread.sleep(100);
        }
        fail("the route to " + destination + " (" + containing + ") is " + (present ? "still missing" : "still there")
                + ": " + ns.ip("route", "show"));
    }

    /** The pids of processes in {@code ns} whose command line contains {@code word}. */
    public static List<Long> pids(Netns ns, String word) throws IOException, InterruptedException {
        List<Long> out = new ArrayList<>();
        Process p = new ProcessBuilder("ip", "netns", "pids", ns.name).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        for (String pid : text.split("\\s+")) {
            if (pid.isEmpty()) {
                continue;
            }
            try {
                String cmdline = Files.readString(Path.of("/proc", pid, "cmdline")).replace('\0', ' ');
                if (cmdline.contains(word)) {
                    out.add(Long.parseLong(pid));
                }
            } catch (IOException e) {
                // the process ended between listing and reading: not one of the living
            }
        }
        return out;
    }

    /** The daemons first (SIGTERM, as init stops them), then every other process, then the namespaces. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            for (Process daemon : List.copyOf(daemons.values())) {
                daemon.toHandle().destroy();
            }
            for (Process daemon : List.copyOf(daemons.values())) {
                if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
                    daemon.destroyForcibly();
                }
            }
            for (Process p : List.copyOf(processes)) {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            // Anything still in our namespaces (a daemon's child after a crash) goes with them.
            for (Netns ns : namespaces) {
                for (long pid : pids(ns, "")) {
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        } finally {
            for (Netns ns : namespaces.reversed()) {
                ns.close();
            }
        }
    }
}
