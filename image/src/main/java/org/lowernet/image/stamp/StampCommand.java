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
import org.lowernet.runtime.cli.ExitCode;
import org.lowernet.runtime.cli.FrontDoor;
import org.lowernet.runtime.cli.UsageException;
import org.lowernet.runtime.update.ReleasePublicKey;

/**
 * {@code lowernet stamp}: arguments in, stamped images or every reason for refusing out (the options are
 * in {@code help/stamp.txt}). Exit codes as the other commands: 0 written, 1 refused or failed (nothing
 * written on a refusal), 2 a wrong command line.
 */
public final class StampCommand {

    /** Every option, named when an unknown one is given. */
    static final List<String> OPTIONS = List.of("--out", "--batch", "--out-dir", "--set", "--config", "--ssh-key",
            "--tunnel-keys", "--release-pub", "--force");

    private StampCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Stamps; returns the exit code. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        FrontDoor door = FrontDoor.of("stamp", out, err);
        return door.run(args, () -> {
            Arguments a = Arguments.parse(args);
            long start = System.nanoTime();
            List<Path> written;
            try {
                BootImage image = BootImage.read(a.image);
                Optional<Path> keyTable = a.tunnelKeys ? a.outDir.map(d -> d.resolve(TunnelKeys.TABLE)) : Optional.empty();
                Stamp stamp = new Stamp(image, new Stamp.Options(a.config, a.sshKey, a.force, a.tunnelKeys, keyTable,
                        releaseKey(a.releasePub)));
                List<Stamp.Node> nodes = a.batch.isPresent()
                        ? Stamp.nodes(NodesCsv.parse(csvText(a.batch.get()), a.batch.get().toString()),
                                a.outDir.orElseThrow(), a.sets)
                        : List.of(new Stamp.Node(a.out.orElseThrow().toString(), a.out.orElseThrow(), a.sets));
                written = stamp.stamp(nodes, out::println);
            } catch (StampException e) {
                // Every problem on its own line first: a batch can have one per node.
                e.problems().forEach(err::println);
                return door.failed("refused, nothing written");
            }
            out.println(String.format(Locale.ROOT, "stamped %d image%s from %s in %.1f s", written.size(),
                    written.size() == 1 ? "" : "s", a.image, (System.nanoTime() - start) / 1e9));
            return ExitCode.OK;
        });
    }

    /** The public release key file of --release-pub; its private half is refused, never copied. */
    private static Optional<ReleasePublicKey> releaseKey(Optional<Path> file) throws IOException, StampException {
        if (file.isEmpty()) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(file.get())) {
            throw new StampException("--release-pub " + file.get() + ": no such file");
        }
        String text = Files.readString(file.get(), StandardCharsets.UTF_8);
        if (text.contains("-private ")) {
            throw new StampException("--release-pub " + file.get() + " is the PRIVATE release key; it must never be"
                    + " copied to a card. Give its public half, " + file.get().getFileName() + ".pub");
        }
        try {
            return Optional.of(ReleasePublicKey.parseFile(text));
        } catch (IllegalArgumentException e) {
            throw new StampException("--release-pub " + file.get() + ": " + e.getMessage());
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
                             List<Assignment> sets, Optional<Path> config, Optional<Path> sshKey, boolean tunnelKeys,
                             Optional<Path> releasePub, boolean force) {

        static Arguments parse(List<String> args) throws UsageException {
            Path image = null;
            Optional<Path> out = Optional.empty();
            Optional<Path> batch = Optional.empty();
            Optional<Path> outDir = Optional.empty();
            Optional<Path> config = Optional.empty();
            Optional<Path> sshKey = Optional.empty();
            Optional<Path> releasePub = Optional.empty();
            List<Assignment> sets = new ArrayList<>();
            boolean tunnelKeys = false;
            boolean force = false;
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--out" -> out = Optional.of(Path.of(value(args, ++i)));
                    case "--batch" -> batch = Optional.of(Path.of(value(args, ++i)));
                    case "--out-dir" -> outDir = Optional.of(Path.of(value(args, ++i)));
                    case "--config" -> config = Optional.of(Path.of(value(args, ++i)));
                    case "--ssh-key" -> sshKey = Optional.of(Path.of(value(args, ++i)));
                    case "--set" -> sets.add(assignment(value(args, ++i)));
                    case "--tunnel-keys" -> tunnelKeys = true;
                    case "--release-pub" -> releasePub = Optional.of(Path.of(value(args, ++i)));
                    case "--force" -> force = true;
                    default -> {
                        if (arg.startsWith("-") || image != null) {
                            throw new UsageException("unknown argument '" + arg + "'; the options are "
                                    + String.join(", ", OPTIONS));
                        }
                        image = Path.of(arg);
                    }
                }
            }
            if (image == null) {
                throw new UsageException("no IMAGE given");
            }
            if (out.isPresent() == batch.isPresent()) {
                throw new UsageException("give either --out NODE.img or --batch NODES.csv --out-dir DIR");
            }
            if (batch.isPresent() != outDir.isPresent()) {
                throw new UsageException(batch.isPresent() ? "--batch needs --out-dir DIR"
                        : "--out-dir goes with --batch NODES.csv");
            }
            if (!Files.isRegularFile(image)) {
                throw new UsageException("IMAGE " + image + " is not a file");
            }
            return new Arguments(image, out, batch, outDir, sets, config, sshKey, tunnelKeys, releasePub, force);
        }

        private static Assignment assignment(String text) throws UsageException {
            try {
                return Assignment.parse(text, "--set");
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }

        private static String value(List<String> args, int i) throws UsageException {
            if (i >= args.size() || args.get(i).startsWith("--")) {
                throw new UsageException(args.get(i - 1) + " needs a value");
            }
            return args.get(i);
        }
    }
}
