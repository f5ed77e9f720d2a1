package org.lowernet.image.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.cli.ExitCode;
import org.lowernet.runtime.update.ReleasePrivateKey;
import org.lowernet.runtime.update.ReleaseVersion;
import org.lowernet.runtime.update.UpdateBundle;
import org.lowernet.runtime.update.UpdateManifest;

/**
 * {@code lowernet update} on this machine: its command line, and what it makes of what a node's SSH session says.
 * The SSH client here is a script standing in for the node's side (the real node: UpdateQemuIT): it reads the whole
 * bundle from its input, as install-update does, and counts its bytes into a file.
 */
class UpdateCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path bundle;

    @BeforeEach
    void bundle() throws Exception {
        Path system = Files.write(dir.resolve("system"), new byte[300_000]);
        UpdateBundle.Source source = UpdateBundle.Source.of(system);
        UpdateManifest manifest = new UpdateManifest(ReleaseVersion.parse("0.3.0"), "arm64", List.of("rpi4"), 4096,
                List.of(UpdateBundle.describe(UpdateManifest.Role.SYSTEM, "system", source, 4096)));
        bundle = dir.resolve("lowernet-0.3.0-arm64.update");
        try (OutputStream file = Files.newOutputStream(bundle)) {
            UpdateBundle.write(file, manifest, ReleasePrivateKey.generate(), Map.of("system", source));
        }
    }

    /** An "SSH client" that reads its input into received.bytes, prints {@code says} and exits with {@code code}. */
    private String ssh(String says, int code) throws Exception {
        Path script = dir.resolve("ssh-" + code + ".sh");
        Files.writeString(script, "#!/bin/sh\ncat > '" + dir.resolve("received.bytes") + "'\nprintf '" + says
                + "'\nexit " + code + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script.toString();
    }

    private int run(String... args) {
        return UpdateCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String said() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aNodeThatTakesTheBundleGetsAllOfItWithProgress() throws Exception {
        String ssh = ssh("update: installed 0.3.0 into system-b; restarting into it on trial\\n", 0);

        assertEquals(ExitCode.OK, run("hill-1", "--bundle", bundle.toString(), "--ssh", ssh, "--wait", "0s"),
                err.toString(StandardCharsets.UTF_8));

        assertEquals(Files.size(bundle), Files.size(dir.resolve("received.bytes")));
        assertTrue(said().startsWith("update: lowernet-0.3.0-arm64.update (lowernet 0.3.0) to 1 node(s)\n"), said());
        assertTrue(said().lines().filter(l -> l.startsWith("hill-1| sent [")).count() >= 3, "progress: " + said());
        assertTrue(said().contains("hill-1| sent [##########] 100% "), said());
        assertTrue(said().endsWith("\nhill-1  sent         installed; not waiting for the trial (--wait 0s)\n"), said());
    }

    @Test
    void aRefusalAndAnUnreachableNodeAreReportedAndFail() throws Exception {
        assertEquals(ExitCode.FAILED, run("hill-1", "--bundle", bundle.toString(), "--ssh",
                ssh("update: refused: signed by release key 0123, which this node does not trust\\n", 1)));
        assertTrue(said().endsWith("\nhill-1  refused      signed by release key 0123, which this node does not trust\n"),
                said());

        out.reset();
        assertEquals(ExitCode.FAILED, run("root@hill-2", "--bundle", bundle.toString(), "--ssh",
                ssh("ssh: connect to host hill-2 port 22: No route to host\\n", 255)));
        assertTrue(said().contains("\nroot@hill-2  unreachable  ssh: connect to host hill-2 port 22: No route to host"
                + " (exit 255)"), said());
    }

    /** A stamp batch file names the nodes: each row's node.name; every node gets the whole bundle. */
    @Test
    void aBatchFileNamesTheNodes() throws Exception {
        Path csv = Files.writeString(dir.resolve("nodes.csv"), "node.name,lan.address\nhill-1,10.1.0.1/24\n"
                + "hill-2,10.2.0.1/24\n");
        String ssh = ssh("update: installed 0.3.0 into system-b; restarting into it on trial\\n", 0);

        assertEquals(ExitCode.OK, run("--batch", csv.toString(), "--bundle", bundle.toString(), "--ssh", ssh, "--wait", "0s"),
                err.toString(StandardCharsets.UTF_8));

        assertTrue(said().startsWith("update: lowernet-0.3.0-arm64.update (lowernet 0.3.0) to 2 node(s)\n"), said());
        assertTrue(said().contains("\nhill-1  sent ") && said().contains("\nhill-2  sent "), said());
        assertEquals(Files.size(bundle), Files.size(dir.resolve("received.bytes")));
    }

    @Test
    void aWrongCommandLineSaysWhatIsWrong() throws Exception {
        assertEquals(ExitCode.USAGE, run("hill-1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no --bundle FILE given"), err.toString());
        err.reset();
        assertEquals(ExitCode.USAGE, run("--bundle", bundle.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no NODE given"), err.toString());
        err.reset();
        assertEquals(ExitCode.USAGE, run("hill-1", "--bundle", bundle.toString(), "--wait", "soon"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--wait soon"), err.toString());
        err.reset();
        assertEquals(ExitCode.FAILED, run("hill-1", "--bundle", dir.resolve("missing.update").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("missing.update: no such file"), err.toString());
        err.reset();
        Path notABundle = Files.writeString(dir.resolve("notes.txt"), "hello\n");
        assertEquals(ExitCode.FAILED, run("hill-1", "--bundle", notABundle.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("is not a lowernet update bundle"), err.toString());
    }
}
