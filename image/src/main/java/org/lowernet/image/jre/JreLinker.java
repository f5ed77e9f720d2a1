package org.lowernet.image.jre;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the host's {@code jlink} over a folder of target {@code .jmod} files. */
public final class JreLinker {

    private static final long TIMEOUT_MINUTES = 5;

    private final Path jlink;

    /** @param jdkHome the host JDK whose {@code bin/jlink} links the JRE (the one running the build) */
    public JreLinker(Path jdkHome) {
        this.jlink = jdkHome.resolve("bin/jlink");
        if (!Files.isExecutable(jlink)) {
            throw new JreException("no jlink at " + jlink + ": the build needs a full JDK 25, not a JRE");
        }
    }

    /** Links {@code modules} from {@code jmods} into {@code output}, which must not exist yet. */
    public void link(Path jmods, List<String> modules, Path output) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jmods.resolve("java.base.jmod"))) {
            throw new JreException("no java.base.jmod in " + jmods + ": the JDK package carries no jmods");
        }
        List<String> command = new ArrayList<>(List.of(
                jlink.toString(),
                "--module-path", jmods.toString(),
                "--add-modules", String.join(",", modules),
                "--strip-java-debug-attributes",
                "--no-header-files",
                "--no-man-pages",
                "--compress=zip-6",
                "--output", output.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new JreException("jlink did not finish within " + TIMEOUT_MINUTES + " minutes");
        }
        if (process.exitValue() != 0) {
            throw new JreException("jlink failed (exit " + process.exitValue() + ") linking " + modules
                    + " from " + jmods + ": " + log
                    + (log.contains("version") ? " — the host JDK and Debian's JDK must have the same feature version" : ""));
        }
    }

    /** The JDK the builder itself runs on. */
    public static Path currentJdk() {
        return Path.of(System.getProperty("java.home"));
    }
}
