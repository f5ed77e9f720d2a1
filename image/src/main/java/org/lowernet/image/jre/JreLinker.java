package org.lowernet.image.jre;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Runs the host's {@code jlink} over a folder of target {@code .jmod} files: checks the versions first,
 * leaves out what a device never runs, and holds the result to a {@link JreBudget}.
 */
public final class JreLinker {

    private static final long TIMEOUT_MINUTES = 5;

    /**
     * Files the jmods may carry that a device never needs ({@code jlink --exclude-files}, matched against
     * {@code /<module>/<path>}).
     */
    static final List<String> EXCLUDED_FILES = List.of(
            "**.debuginfo",                // split native debug info: Debian's 25.0.5 jmods carry ~600 MiB
            "/java.base/bin/keytool",      // key store tool for people at a shell; the runtime reads PEM itself
            "/java.base/lib/jexec",        // runs jar files through binfmt_misc
            "/java.base/lib/jrt-fs.jar");  // lets *other* JDKs read this runtime's modules

    /** jlink's options besides the module path, modules and output; part of the JRE step's cache key. */
    public static final List<String> OPTIONS = List.of(
            "--strip-java-debug-attributes", // --strip-debug would run the host's objcopy on aarch64 code
            "--no-header-files",
            "--no-man-pages",
            // The modules file uncompressed: the system's squashfs packs it better than jlink's zip of each class
            // (the JRE's squashfs 17.8 MB against 21.7 MB with zip-6), and the JVM maps its classes as they are.
            "--compress=zip-0",
            "--exclude-files=" + String.join(",", EXCLUDED_FILES));

    private final Path jdkHome;
    private final Path jlink;
    private final JreBudget budget;

    /**
     * @param jdkHome the host JDK whose {@code bin/jlink} links the JRE (the one running the build)
     * @param budget  the most the linked JRE may weigh
     */
    public JreLinker(Path jdkHome, JreBudget budget) {
        this.jdkHome = jdkHome;
        this.jlink = jdkHome.resolve("bin/jlink");
        this.budget = budget;
        if (!Files.isExecutable(jlink)) {
            throw new JreException("no jlink at " + jlink + ": the build needs a full JDK 25, not a JRE");
        }
    }

    /**
     * Links {@code modules} from {@code jmods} into {@code output}, which must not exist yet. Fails, with
     * {@code output} removed, when the versions do not fit, jlink fails or the JRE is over budget.
     *
     * @return what the jmods were: the JRE's version and platform
     */
    public JavaBase link(Path jmods, List<String> modules, Path output) throws IOException, InterruptedException {
        JavaBase target = JavaBase.read(jmods.resolve("java.base.jmod"));
        JlinkVersions.check(hostVersion(), jdkHome, target, jmods);
        run(List.of(jmods), modules, output);
        return target;
    }

    /** The version of the host JDK's jlink, from its {@code release} file ({@code JAVA_VERSION}). */
    Runtime.Version hostVersion() throws IOException {
        Path release = jdkHome.resolve("release");
        Properties properties = new Properties();
        if (Files.isRegularFile(release)) {
            try (var in = Files.newBufferedReader(release, StandardCharsets.UTF_8)) {
                properties.load(in);
            }
        }
        String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "");
        if (version.isEmpty()) {
            throw new JreException("cannot tell the version of the host JDK at " + jdkHome + ": no JAVA_VERSION in "
                    + release);
        }
        try {
            return JavaBase.parseVersion(version);
        } catch (IllegalArgumentException e) {
            throw new JreException("cannot tell the version of the host JDK at " + jdkHome + ": JAVA_VERSION '"
                    + version + "' in " + release + " is not a Java version");
        }
    }

    /**
     * jlink over {@code modulePath} (a module missing there, such as java.base in tests, comes from the
     * host's own run-time image: JEP 493), then the budget.
     */
    void run(List<Path> modulePath, List<String> modules, Path output) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                jlink.toString(),
                "--module-path", String.join(java.io.File.pathSeparator, modulePath.stream().map(Path::toString).toList()),
                "--add-modules", String.join(",", modules)));
        command.addAll(OPTIONS);
        command.addAll(List.of("--output", output.toString()));
        boolean done = false;
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new JreException("jlink did not finish within " + TIMEOUT_MINUTES + " minutes");
            }
            if (process.exitValue() != 0) {
                throw new JreException("jlink failed (exit " + process.exitValue() + ") linking " + modules
                        + " from " + modulePath + ": " + log);
            }
            budget.check(fileSizes(output));
            done = true;
        } finally {
            if (!done) {
                deleteRecursively(output);
            }
        }
    }

    /** Each regular file's size by its path relative to {@code folder}. */
    static Map<String, Long> fileSizes(Path folder) throws IOException {
        Map<String, Long> sizes = new LinkedHashMap<>();
        try (var walk = Files.walk(folder)) {
            for (Path file : walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
                sizes.put(folder.relativize(file).toString(), Files.size(file));
            }
        }
        return sizes;
    }

    /** Removes a file or folder tree, if it is there. */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The JDK the builder itself runs on. */
    public static Path currentJdk() {
        return Path.of(System.getProperty("java.home"));
    }
}
