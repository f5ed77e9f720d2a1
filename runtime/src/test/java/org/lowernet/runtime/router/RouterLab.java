package org.lowernet.runtime.router;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lowernet.runtime.Requires;
import org.lowernet.runtime.net.Netns;

/**
 * Three network namespaces the test makes and always removes: {@code wan} (Debian's dnsmasq as the ISP's
 * DHCP and DNS server on 198.51.100.1, a busybox httpd whose CGI prints the peer's address), {@code router}
 * (the real daemon JVM, with wan0 and lan0 as veth ends) and {@code lan} (a busybox udhcpc client on lanp).
 * Only addresses inside these namespaces are used.
 */
public final class RouterLab implements AutoCloseable {

    static final String ISP = "198.51.100.1";
    static final String LAN_ROUTER = "203.0.113.1";
    static final long WAIT_SECONDS = 60;

    final Netns wan;
    final Netns router;
    final Netns lan;
    final Path folder;
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final List<Process> processes = Collections.synchronizedList(new ArrayList<>());
    Process isp;
    Process daemon;

    private RouterLab(Netns wan, Netns router, Netns lan, Path folder) {
        this.wan = wan;
        this.router = router;
        this.lan = lan;
        this.folder = folder;
    }

    /** Namespaces and wires; without dnsmasq or busybox: skipped, or failed under CI=true. */
    static RouterLab create(Path folder) throws IOException, InterruptedException {
        for (String tool : List.of("/usr/sbin/dnsmasq", "/usr/bin/busybox", "/usr/sbin/nft")) {
            Requires.executable(Path.of(tool), "dnsmasq-base busybox nftables");
        }
        // dnsmasq drops to "nobody" and then re-reads the resolv file: the folder must be traversable,
        // as /run/lowernet (0755) is on the device; JUnit's temporary folders are 0700.
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        Netns wan = Netns.create();
        Netns router = Netns.create();
        Netns lan = Netns.create();
        RouterLab lab = new RouterLab(wan, router, lan, folder);
        for (Netns ns : List.of(wan, router, lan)) {
            ns.ip("link", "set", "lo", "up");
        }
        router.ip("link", "add", "wan0", "type", "veth", "peer", "name", "wanp", "netns", wan.name);
        router.ip("link", "add", "lan0", "type", "veth", "peer", "name", "lanp", "netns", lan.name);
        wan.ip("addr", "add", ISP + "/24", "dev", "wanp");
        wan.ip("link", "set", "wanp", "up");
        lan.ip("link", "set", "lanp", "up");
        return lab;
    }

    /**
     * The ISP: DHCP for 198.51.100.50-99 with a 2 minute lease, offering itself as the NTP server (option 42; no
     * NTP server runs there), DNS answering target.test itself.
     */
    void startIsp() throws IOException {
        isp = background(wan, "isp", "/usr/sbin/dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null",
                "--log-facility=-", "--pid-file=", "--user=root", "--interface=wanp", "--bind-interfaces",
                "--no-resolv", "--no-hosts", "--dhcp-range=198.51.100.50,198.51.100.99,255.255.255.0,2m",
                "--dhcp-option=option:ntp-server," + ISP, "--dhcp-leasefile=" + folder.resolve("isp.leases"), "--address=/target.test/" + ISP);
    }

    /** An HTTP target on the WAN whose /cgi-bin/peer answers "peer=ADDRESS" of whoever connected. */
    void startTarget() throws IOException {
        Path cgi = folder.resolve("www/cgi-bin/peer");
        Files.createDirectories(cgi.getParent());
        Files.writeString(cgi, "#!/usr/bin/busybox sh\necho 'Content-Type: text/plain'\necho\necho \"peer=$REMOTE_ADDR\"\n");
        Files.setPosixFilePermissions(cgi, PosixFilePermissions.fromString("rwxr-xr-x"));
        background(wan, "target", "/usr/bin/busybox", "httpd", "-f", "-p", ISP + ":8080", "-h",
                folder.resolve("www").toString());
    }

    /** The daemon JVM in the router namespace, its root below the lab folder. */
    void startDaemon(String config) throws IOException {
        Path root = folder.resolve("root");
        Files.createDirectories(root.resolve("boot"));
        Files.createDirectories(root.resolve("proc/device-tree"));
        Files.createDirectories(root.resolve("proc/sys/kernel"));
        Files.createDirectories(root.resolve("usr/share/lowernet/boards"));
        Files.createSymbolicLink(root.resolve("proc/sys/net"), Path.of("/proc/sys/net"));
        Files.writeString(root.resolve("proc/device-tree/serial-number"), "10000000c0ffee\0");
        Files.writeString(root.resolve("proc/device-tree/model"), "linux,dummy-virt\0");
        Files.writeString(root.resolve("boot/lowernet.conf"), config);
        Files.copy(Path.of("..", "board", "qemu-virt", "board.conf"),
                root.resolve("usr/share/lowernet/boards/qemu-virt.conf"));
        daemon = background(router, "daemon", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dlowernet.root=" + root,
                "-cp", System.getProperty("java.class.path"), "org.lowernet.runtime.Main", "run");
    }

    Path root() {
        return folder.resolve("root");
    }

    private Process background(Netns ns, String tag, String... command) throws IOException {
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
    int await(String text, int from) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            synchronized (lines) {
                for (int i = from; i < lines.size(); i++) {
                    if (lines.get(i).contains(text)) {
                        return i;
                    }
                }
            }
            if (daemon != null && !daemon.isAlive()) {
                fail("the daemon exited with " + daemon.exitValue() + " before '" + text + "': " + lines);
            }
            Thread.sleep(50);
        }
        fail("no '" + text + "' within " + WAIT_SECONDS + " s: " + lines);
        return -1;
    }

    /** Runs a command in {@code ns} (bounded); returns exit code and output. */
    public static Result exec(Netns ns, long seconds, String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns.name));
        full.addAll(List.of(command));
        Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectInput(
                ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            return new Result(-1, new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    public record Result(int code, String output) {
    }

    /** The LAN client asks for a lease (udhcpc -n -q), applies it in its namespace and returns the address. */
    String clientLease(String requested) throws IOException, InterruptedException {
        return clientLease(lan, folder, requested, lines);
    }

    /**
     * A busybox udhcpc client on {@code lanp} in {@code lan} asks for a lease (requesting {@code requested} unless
     * empty), applies it and returns the address; a test fails without one, showing {@code context}.
     */
    public static String clientLease(Netns lan, Path folder, String requested, List<String> context)
            throws IOException, InterruptedException {
        Path script = folder.resolve("client.script");
        Files.writeString(script, """
                #!/usr/bin/busybox sh
                case "$1" in
                bound|renew)
                    ip addr flush dev "$interface"
                    ip addr add "$ip/$mask" dev "$interface"
                    ip route replace default via "${router%% *}"
                    echo "client-lease ip=$ip dns=$dns";;
                esac
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> command = new ArrayList<>(List.of("/usr/bin/busybox", "udhcpc", "-f", "-n", "-q", "-i", "lanp",
                "-s", script.toString(), "-t", "5", "-T", "2"));
        if (!requested.isEmpty()) {
            command.addAll(List.of("-r", requested));
        }
        Result result = exec(lan, 30, command.toArray(String[]::new));
        Matcher m = Pattern.compile("client-lease ip=(\\S+)").matcher(result.output());
        if (result.code() != 0 || !m.find()) {
            fail("the LAN client got no lease (exit " + result.code() + "): " + result.output() + "\n" + context);
        }
        return m.group(1);
    }

    /** The pids of processes in {@code ns} whose command line contains {@code word}. */
    static List<Long> pids(Netns ns, String word) throws IOException, InterruptedException {
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

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (daemon != null) {
                daemon.toHandle().destroy();
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
            for (Netns ns : List.of(wan, router, lan)) {
                for (long pid : pids(ns, "")) {
                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        } finally {
            lan.close();
            router.close();
            wan.close();
        }
    }
}
