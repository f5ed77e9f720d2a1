package org.lowernet.image.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

class VerifyUpdateCommandTest {

    private static final ReleasePrivateKey KEY = ReleasePrivateKey.generate();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path bundle;
    private Path pub;

    @BeforeEach
    void bundle() throws Exception {
        Path initrd = Files.write(dir.resolve("initrd.img"), new byte[5000]);
        Path kernel = Files.writeString(dir.resolve("vmlinuz"), "a kernel");
        UpdateBundle.Source system = UpdateBundle.Source.of(initrd);
        UpdateBundle.Source boot = UpdateBundle.Source.of(kernel);
        UpdateManifest manifest = new UpdateManifest(ReleaseVersion.parse("0.3.0"), "arm64", List.of("rpi3", "rpi4"),
                4096, List.of(UpdateBundle.describe(UpdateManifest.Role.SYSTEM, "initrd.img", system, 4096),
                        UpdateBundle.describe(UpdateManifest.Role.BOOT, "vmlinuz", boot, 4096)));
        bundle = dir.resolve("lowernet-0.3.0-arm64.update");
        try (OutputStream file = Files.newOutputStream(bundle)) {
            UpdateBundle.write(file, manifest, KEY, Map.of("initrd.img", system, "vmlinuz", boot));
        }
        pub = Files.writeString(dir.resolve("release.key.pub"), KEY.publicKey().fileText(""));
    }

    private int run(String... args) {
        return VerifyUpdateCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), pub);
    }

    @Test
    void aGoodBundleIsListedWithItsSigner() {
        assertEquals(ExitCode.OK, run(bundle.toString()), err.toString(StandardCharsets.UTF_8));
        String said = out.toString(StandardCharsets.UTF_8);
        assertTrue(said.startsWith("lowernet-0.3.0-arm64.update: lowernet 0.3.0 for arm64, boards rpi3, rpi4\n"
                + "signed by " + KEY.publicKey() + "; 2 parts, 3 pieces, 0.0 MiB: every piece checks\n"), said);
        assertTrue(said.contains("  system initrd.img"), said);
        assertTrue(said.contains("  boot   vmlinuz"), said);
    }

    @Test
    void anotherKeyOrACorruptPieceIsTheNodesRefusal() throws Exception {
        Path stranger = Files.writeString(dir.resolve("other.pub"), ReleasePrivateKey.generate().publicKey().fileText(""));
        assertEquals(ExitCode.FAILED, run(bundle.toString(), "--key", stranger.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("refused: signed by " + KEY.publicKey()
                + ", which this node does not trust"), err.toString(StandardCharsets.UTF_8));

        byte[] bytes = Files.readAllBytes(bundle);
        bytes[bytes.length - 2] ^= 1;
        Files.write(bundle, bytes);
        err.reset();
        assertEquals(ExitCode.FAILED, run(bundle.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("refused: corrupt: vmlinuz, piece 1 of 1"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aWrongCommandLineOrKeyFileSaysSo() throws Exception {
        assertEquals(ExitCode.USAGE, run());
        assertEquals(ExitCode.USAGE, run(bundle.toString(), "--key"));
        Path notAKey = Files.writeString(dir.resolve("id_ed25519.pub"), "ssh-ed25519 AAAA me@laptop\n");
        assertEquals(ExitCode.FAILED, run(bundle.toString(), "--key", notAKey.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--key " + notAKey + ": not a lowernet release public"
                + " key"), err.toString(StandardCharsets.UTF_8));
    }
}
