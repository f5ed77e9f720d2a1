package org.lowernet.image.update;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.lowernet.image.stamp.NodesCsv;
import org.lowernet.runtime.cli.ExitCode;
import org.lowernet.runtime.cli.FrontDoor;
import org.lowernet.runtime.cli.UsageException;
import org.lowernet.runtime.config.ValueTypes;

/**
 * {@code lowernet update NODE... --bundle FILE}: pushes an update bundle to nodes over SSH, several at once, and
 * prints each node's outcome (committed, rolled back, refused, unreachable) in a table at the end. Exit 0 when every
 * node committed (or took the bundle, with {@code --wait 0s}), 1 otherwise.
 */
public final class UpdateCommand {

    static final List<String> DEFAULT_SSH = List.of("ssh", "-o", "BatchMode=yes");
    static final Duration DEFAULT_WAIT = Duration.ofMinutes(45);
    /** Nodes updated at once: each streams the whole bundle from this machine. */
    static final int AT_ONCE = 8;

    private UpdateCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    record Arguments(List<String> nodes, Path bundle, List<String> ssh, boolean force, Duration waitFor) {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        FrontDoor door = FrontDoor.of("update", out, err);
        return door.run(args, () -> {
            Arguments a = parse(args);
            String version = bundleVersion(a.bundle());
            out.printf(Locale.ROOT, "update: %s (lowernet %s) to %d node(s)%n", a.bundle().getFileName(), version,
                    a.nodes().size());
            List<NodeUpdate.Report> reports = new ArrayList<>();
            Semaphore slots = new Semaphore(AT_ONCE);
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<NodeUpdate.Report>> running = new ArrayList<>();
                for (String node : a.nodes()) {
                    running.add(pool.submit((java.util.concurrent.Callable<NodeUpdate.Report>) () -> {
                        slots.acquire();
                        try {
                            return new NodeUpdate(node, a.ssh(), a.bundle(), version, a.force(), a.waitFor(),
                                    line -> say(out, node, line)).run();
                        } catch (IOException e) {
                            return new NodeUpdate.Report(node, NodeUpdate.Outcome.UNREACHABLE, e.getMessage());
                        } finally {
                            slots.release();
                        }
                    }));
                }
                for (Future<NodeUpdate.Report> report : running) {
                    reports.add(report.get());
                }
            }
            int width = reports.stream().mapToInt(r -> r.node().length()).max().orElse(4);
            out.println();
            for (NodeUpdate.Report report : reports) {
                out.printf(Locale.ROOT, "%-" + width + "s  %-11s  %s%n", report.node(), report.outcome().word(),
                        report.detail());
            }
            boolean done = reports.stream().allMatch(r -> r.outcome() == NodeUpdate.Outcome.COMMITTED
                    || r.outcome() == NodeUpdate.Outcome.SENT);
            return done ? ExitCode.OK : ExitCode.FAILED;
        });
    }

    private static synchronized void say(PrintStream out, String node, String line) {
        out.println(node + "| " + line);
    }

    static Arguments parse(List<String> args) throws UsageException, IOException {
        List<String> nodes = new ArrayList<>();
        Path bundle = null;
        List<String> ssh = DEFAULT_SSH;
        boolean force = false;
        Duration wait = DEFAULT_WAIT;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--bundle" -> bundle = Path.of(value(args, ++i, arg));
                case "--batch" -> nodes.addAll(batch(Path.of(value(args, ++i, arg))));
                case "--ssh" -> ssh = Arrays.stream(value(args, ++i, arg).strip().split("\\s+")).toList();
                case "--force" -> force = true;
                case "--wait" -> wait = duration(value(args, ++i, arg));
                default -> {
                    if (arg.startsWith("-")) {
                        throw new UsageException("unknown option '" + arg + "'; the options are --bundle, --batch, --ssh,"
                                + " --force, --wait");
                    }
                    nodes.add(arg);
                }
            }
        }
        if (bundle == null) {
            throw new UsageException("no --bundle FILE given");
        }
        if (nodes.isEmpty()) {
            throw new UsageException("no NODE given (or --batch nodes.csv)");
        }
        if (!Files.isRegularFile(bundle)) {
            throw new IOException("--bundle " + bundle + ": no such file");
        }
        return new Arguments(List.copyOf(nodes), bundle, ssh, force, wait);
    }

    private static String value(List<String> args, int at, String option) throws UsageException {
        if (at >= args.size()) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(at);
    }

    private static Duration duration(String text) throws UsageException {
        try {
            return ValueTypes.duration(Duration.ZERO, Duration.ofDays(2)).parse(text);
        } catch (Exception e) { // the config's InvalidValue: its message says what a duration looks like
            throw new UsageException("--wait " + text + ": " + e.getMessage());
        }
    }

    /** The node.name of every row of a stamp batch file. */
    private static List<String> batch(Path csv) throws IOException {
        try {
            return NodesCsv.parse(Files.readString(csv, StandardCharsets.UTF_8), csv.toString()).rows().stream()
                    .map(NodesCsv.Row::nodeName).toList();
        } catch (org.lowernet.image.stamp.StampException e) {
            throw new IOException("--batch " + csv + ": " + e.getMessage(), e);
        }
    }

    /** The version the bundle's manifest names, read without checking its signature (each node checks that). */
    static String bundleVersion(Path bundle) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(bundle))) {
            byte[] head = in.readNBytes(64 * 1024);
            String text = new String(head, StandardCharsets.UTF_8);
            if (!text.startsWith("lowernet-update ")) {
                throw new IOException(bundle + " is not a lowernet update bundle");
            }
            return text.lines().filter(l -> l.startsWith("version ")).findFirst()
                    .map(l -> l.substring("version ".length()).strip())
                    .orElseThrow(() -> new IOException(bundle + " names no version in its manifest"));
        }
    }
}
