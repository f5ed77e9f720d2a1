package org.lowernet.image.build;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lowernet.runtime.cli.ExitCode;
import org.lowernet.runtime.cli.FrontDoor;
import org.lowernet.runtime.cli.UsageException;

/**
 * {@code lowernet build}'s Java side (scripts/build): arguments in, an image or one clear error out; the
 * options are in {@code help/build.txt}. {@code --project DIR} is the checkout, which scripts/lowernet gives.
 */
public final class Main {

    /** 2026-01-01T00:00:00Z unless SOURCE_DATE_EPOCH says otherwise (reproducible-builds.org). */
    private static final long DEFAULT_EPOCH = 1767225600L;
    /** Every option, named when an unknown one is given. */
    static final List<String> OPTIONS = List.of("--board", "--update-lock", "--fetch-only", "--mirror",
            "--security-mirror", "--fallback-mirror", "--cache", "--output", "--project", "--runtime", "--version",
            "--release-key");
    /** The release key when {@code --release-key} is not given. */
    static final String RELEASE_KEY_VARIABLE = "LOWERNET_RELEASE_KEY";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Builds; returns the exit code: 0 built, 1 the build failed, 2 bad arguments. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> words = List.of(args);
        FrontDoor door = FrontDoor.of("build", out, err);
        return door.run(words, () -> {
            List<String> rest = new ArrayList<>(words);
            boolean fetchOnly = rest.remove("--fetch-only");
            BuildContext context = parse(rest.toArray(String[]::new), door.verbose()).validated();
            if (fetchOnly) {
                new ImageBuilder(context, out).fetch();
            } else {
                new ImageBuilder(context, out).build();
            }
            return ExitCode.OK;
        });
    }

    static BuildContext parse(String[] args) throws UsageException {
        return parse(args, false);
    }

    static BuildContext parse(String[] args, boolean verbose) throws UsageException {
        Path project = Path.of("").toAbsolutePath();
        Optional<Path> runtime = Optional.empty();
        Optional<Path> output = Optional.empty();
        Path cache = org.lowernet.image.debian.PackageCache.defaultDir();
        Optional<String> mirror = org.lowernet.image.debian.Mirror.explicitSetting();
        Optional<String> securityMirror = org.lowernet.image.debian.Mirror.explicitSecuritySetting();
        List<String> fallbackMirrors = new ArrayList<>();
        List<String> boards = new ArrayList<>();
        boolean updateLock = false;
        Optional<Path> releaseKey = Optional.ofNullable(System.getenv(RELEASE_KEY_VARIABLE)).filter(v -> !v.isBlank())
                .map(Path::of);
        String version = Optional.ofNullable(Main.class.getPackage().getImplementationVersion())
                .orElse(System.getProperty("lowernet.version", "dev"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--update-lock" -> updateLock = true;
                case "--board" -> boards.add(value(args, ++i));
                case "--output" -> output = Optional.of(Path.of(value(args, ++i)));
                case "--cache" -> cache = Path.of(value(args, ++i));
                case "--mirror" -> mirror = Optional.of(value(args, ++i));
                case "--security-mirror" -> securityMirror = Optional.of(value(args, ++i));
                case "--fallback-mirror" -> fallbackMirrors.add(value(args, ++i));
                case "--project" -> project = Path.of(value(args, ++i)).toAbsolutePath();
                case "--runtime" -> runtime = Optional.of(Path.of(value(args, ++i)));
                case "--version" -> version = value(args, ++i);
                case "--release-key" -> releaseKey = Optional.of(Path.of(value(args, ++i)));
                default -> throw new UsageException("unknown argument '" + args[i] + "'; the options are "
                        + String.join(", ", OPTIONS));
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
                securityMirror,
                fallbackMirrors.isEmpty() ? org.lowernet.image.debian.Mirror.explicitFallbackSetting() : fallbackMirrors,
                updateLock,
                version,
                Instant.ofEpochSecond(Long.parseLong(epoch.strip())),
                verbose,
                releaseKey);
    }

    private static String value(String[] args, int i) throws UsageException {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
