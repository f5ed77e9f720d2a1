package org.lowernet.image.stamp;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code scripts/lowernet stamp}: arguments in, stamped images or every reason for refusing out.
 * Exit codes as the other commands: 0 written, 1 refused or failed (nothing written on a refusal),
 * 2 a wrong command line.
 */
public final class StampCommand {

    static final String USAGE = """
            usage: lowernet stamp IMAGE --out NODE.img [--set KEY=VALUE]... [--config FILE] [--ssh-key FILE] [--force]
                   lowernet stamp IMAGE --batch NODES.csv --out-dir DIR [--set KEY=VALUE]... [--config FILE]
                                  [--ssh-key FILE] [--force]
              Writes a copy of IMAGE whose lowernet.conf carries this node's settings; only the FAT partition
              changes. The config starts from IMAGE's lowernet.conf (or --config FILE); each --set replaces
              its key's line or adds one. --ssh-key puts an OpenSSH public key file on the card as
              authorized_keys. Every config is checked as check-config does; on any error nothing is written.
              --batch: NODES.csv's first line names the keys (node.name required), each row makes
              DIR/<node.name>.img; --set applies to every row before the row's own values.
            """;

    private StampCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Stamps; returns the exit code. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (List.of("--help", "-h").contains(args.isEmpty() ? "" : args.getFirst())) {
            out.print(USAGE);
            return 0;
        }
        Arguments a;
        try {
            a = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("lowernet stamp: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        try {
            long start = System.nanoTime();
            BootImage image = BootImage.read(a.image);
            Stamp stamp = new Stamp(image, new Stamp.Options(a.config, a.sshKey, a.force));
            List<Stamp.Node> nodes = a.batch.isPresent()
                    ? Stamp.nodes(NodesCsv.parse(csvText(a.batch.get()), a.batch.get().toString()), a.outDir.orElseThrow(), a.sets)
                    : List.of(new Stamp.Node(a.out.orElseThrow().toString(), a.out.orElseThrow(), a.sets));
            List<Path> written = stamp.stamp(nodes, out::println);
            out.println(String.format(Locale.ROOT, "stamped %d image%s from %s in %.1f s", written.size(),
                    written.size() == 1 ? "" : "s", a.image, (System.nanoTime() - start) / 1e9));
            return 0;
        } catch (StampException e) {
            e.problems().forEach(err::println);
            err.println("lowernet stamp: refused, nothing written");
            return 1;
        } catch (Exception e) {
            err.println("lowernet stamp failed: " + e.getMessage());
            if (System.getenv("LOWERNET_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    private static String csvText(Path csv) throws IOException, StampException {
        if (!Files.isRegularFile(csv)) {
            throw new StampException("--batch " + csv + ": no such file");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(csv))).toString();
        } catch (CharacterCodingException e) {
            throw new StampException("--batch " + csv + " is not UTF-8 text; save it as UTF-8 CSV");
        }
    }

    /** The command line, checked for shape only. */
    private record Arguments(Path image, Optional<Path> out, Optional<Path> batch, Optional<Path> outDir,
                             List<Assignment> sets, Optional<Path> config, Optional<Path> sshKey, boolean force) {

        static Arguments parse(List<String> args) {
            Path image = null;
            Optional<Path> out = Optional.empty();
            Optional<Path> batch = Optional.empty();
            Optional<Path> outDir = Optional.empty();
            Optional<Path> config = Optional.empty();
            Optional<Path> sshKey = Optional.empty();
            List<Assignment> sets = new ArrayList<>();
            boolean force = false;
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--out" -> out = Optional.of(Path.of(value(args, ++i)));
                    case "--batch" -> batch = Optional.of(Path.of(value(args, ++i)));
                    case "--out-dir" -> outDir = Optional.of(Path.of(value(args, ++i)));
                    case "--config" -> config = Optional.of(Path.of(value(args, ++i)));
                    case "--ssh-key" -> sshKey = Optional.of(Path.of(value(args, ++i)));
                    case "--set" -> sets.add(Assignment.parse(value(args, ++i), "--set"));
                    case "--force" -> force = true;
                    default -> {
                        if (arg.startsWith("-") || image != null) {
                            throw new IllegalArgumentException("unknown argument '" + arg + "'");
                        }
                        image = Path.of(arg);
                    }
                }
            }
            if (image == null) {
                throw new IllegalArgumentException("no IMAGE given");
            }
            if (out.isPresent() == batch.isPresent()) {
                throw new IllegalArgumentException("give either --out NODE.img or --batch NODES.csv --out-dir DIR");
            }
            if (batch.isPresent() != outDir.isPresent()) {
                throw new IllegalArgumentException(batch.isPresent() ? "--batch needs --out-dir DIR"
                        : "--out-dir goes with --batch NODES.csv");
            }
            if (!Files.isRegularFile(image)) {
                throw new IllegalArgumentException("IMAGE " + image + " is not a file");
            }
            return new Arguments(image, out, batch, outDir, sets, config, sshKey, force);
        }

        private static String value(List<String> args, int i) {
            if (i >= args.size() || args.get(i).startsWith("--")) {
                throw new IllegalArgumentException(args.get(i - 1) + " needs a value");
            }
            return args.get(i);
        }
    }
}
