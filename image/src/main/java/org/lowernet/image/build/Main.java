package org.lowernet.image.build;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code scripts/build}'s Java side: arguments in, an image or one clear error out.
 *
 * <pre>
 * build [--update-lock] [--fetch-only] [--board ID]... [--output DIR] [--cache DIR] [--mirror URL]
 *       [--project DIR] [--runtime DIR] [--version V]
 * </pre>
 */
public final class Main {

    /** 2026-01-01T00:00:00Z unless SOURCE_DATE_EPOCH says otherwise (reproducible-builds.org). */
    private static final long DEFAULT_EPOCH = 1767225600L;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Builds; returns the exit code: 0 built, 1 the build failed, 2 bad arguments. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            List<String> rest = new ArrayList<>(List.of(args));
            boolean fetchOnly = rest.remove("--fetch-only");
            BuildContext context = parse(rest.toArray(String[]::new)).validated();
            if (fetchOnly) {
                new ImageBuilder(context, out).fetch();
            } else {
                new ImageBuilder(context, out).build();
            }
            return 0;
        } catch (UsageException e) {
            err.println("usage error: " + e.getMessage());
            err.println("usage: scripts/build [--update-lock] [--fetch-only] [--board ID]... [--output DIR]"
                    + " [--cache DIR] [--mirror URL]");
            return 2;
        } catch (Exception e) {
            err.println("build failed: " + oneLine(e));
            if (System.getenv("LOWERNET_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    static BuildContext parse(String[] args) {
        Path project = Path.of("").toAbsolutePath();
        Optional<Path> runtime = Optional.empty();
        Optional<Path> output = Optional.empty();
        Path cache = org.lowernet.image.debian.PackageCache.defaultDir();
        Optional<String> mirror = org.lowernet.image.debian.Mirror.explicitSetting();
        List<String> boards = new ArrayList<>();
        boolean updateLock = false;
        String version = Optional.ofNullable(Main.class.getPackage().getImplementationVersion())
                .orElse(System.getProperty("lowernet.version", "dev"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--update-lock" -> updateLock = true;
                case "--board" -> boards.add(value(args, ++i));
                case "--output" -> output = Optional.of(Path.of(value(args, ++i)));
                case "--cache" -> cache = Path.of(value(args, ++i));
                case "--mirror" -> mirror = Optional.of(value(args, ++i));
                case "--project" -> project = Path.of(value(args, ++i)).toAbsolutePath();
                case "--runtime" -> runtime = Optional.of(Path.of(value(args, ++i)));
                case "--version" -> version = value(args, ++i);
                default -> throw new UsageException("unknown argument '" + args[i] + "'");
            }
        }
        String epoch = Optional.ofNullable(System.getenv("SOURCE_DATE_EPOCH")).orElse(Long.toString(DEFAULT_EPOCH));
        return new BuildContext(
                project,
                runtime.orElse(project.resolve("runtime/target/lowernet-runtime")),
                boards,
                output.orElse(project.resolve("image/target")),
                cache,
                mirror,
                updateLock,
                version,
                Instant.ofEpochSecond(Long.parseLong(epoch.strip())));
    }

    private static String value(String[] args, int i) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    /** The message a person needs, without a stack trace: the causes' messages joined. */
    static String oneLine(Throwable e) {
        StringBuilder line = new StringBuilder(String.valueOf(e.getMessage() != null ? e.getMessage() : e));
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !line.toString().contains(cause.getMessage())) {
                line.append(": ").append(cause.getMessage());
            }
        }
        return line.toString().replace('\n', ' ');
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
