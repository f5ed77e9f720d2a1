package org.lowernet.runtime.slot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.config.UpdateConfig;
import org.lowernet.runtime.update.BundleRefused;
import org.lowernet.runtime.update.ReleasePrivateKey;
import org.lowernet.runtime.update.ReleaseVersion;
import org.lowernet.runtime.update.SlotState;
import org.lowernet.runtime.update.SlotState.Slot;
import org.lowernet.runtime.update.UpdateBundle;
import org.lowernet.runtime.update.UpdateManifest;

/**
 * A bundle installed into the free slot of a boot folder: the system and the changed boot files written, the slot on
 * trial; every refusal and every broken bundle leaves every file of the boot folder as it was.
 */
class UpdateInstallerTest {

    private static final ReleasePrivateKey KEY = ReleasePrivateKey.generate();
    private static final byte[] KERNEL = "the kernel\n".repeat(3000).getBytes(StandardCharsets.US_ASCII);
    private static final UpdateConfig CONFIG = new UpdateConfig(java.time.Duration.ofMinutes(10),
            java.time.Duration.ofMinutes(20), 2);

    @TempDir
    Path boot;

    @TempDir
    Path spool;

    private final ByteArrayOutputStream said = new ByteArrayOutputStream();
    private final List<Boolean> remounts = new ArrayList<>();

    @BeforeEach
    void card() throws IOException {
        Files.write(boot.resolve("system-a"), "system one".getBytes(StandardCharsets.US_ASCII));
        Files.write(boot.resolve("vmlinuz"), KERNEL);
        Files.writeString(boot.resolve("lowernet.conf"), "node.name = hill\n");
        Files.writeString(boot.resolve("slots.txt"), SlotState.initial("0.1.0").text());
    }

    private UpdateInstaller installer(BootedSlot booted) {
        return new UpdateInstaller(new SlotFile(boot, writable -> remounts.add(writable)), spool.resolve("update"),
                booted,
                List.of(KEY.publicKey()), "rpi4", CONFIG, java.util.Set.of("uplink", "mesh"),
                new PrintStream(said, true, StandardCharsets.UTF_8));
    }

    private static final BootedSlot A = new BootedSlot(Slot.A, false, 0, 0);

    /** A bundle of {@code version} for {@code boards}: a system, the kernel, a new DTB. */
    private static byte[] bundle(String version, List<String> boards, ReleasePrivateKey key, byte[] system)
            throws IOException {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put("system", system);
        parts.put("vmlinuz", KERNEL);
        parts.put("bcm2711-rpi-4-b.dtb", "a new device tree".getBytes(StandardCharsets.US_ASCII));
        Map<String, UpdateBundle.Source> sources = new LinkedHashMap<>();
        List<UpdateManifest.Part> described = new ArrayList<>();
        for (var part : parts.entrySet()) {
            UpdateBundle.Source source = () -> new ByteArrayInputStream(part.getValue());
            sources.put(part.getKey(), source);
            described.add(UpdateBundle.describe(part.getKey().equals("system") ? UpdateManifest.Role.SYSTEM
                    : UpdateManifest.Role.BOOT, part.getKey(), source, 4096));
        }
        UpdateManifest manifest = new UpdateManifest(ReleaseVersion.parse(version), "arm64", boards, 4096, described);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        UpdateBundle.write(out, manifest, key, sources);
        return out.toByteArray();
    }

    private static byte[] system(int size) {
        byte[] system = new byte[size];
        for (int i = 0; i < size; i++) {
            system[i] = (byte) (i * 31 + i / 977);
        }
        return system;
    }

    private Map<String, byte[]> files() throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(boot)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(boot.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }

    @Test
    void aGoodBundleGoesIntoTheFreeSlotWhichIsOnTrialFromTheNextBoot() throws Exception {
        byte[] system = system(20_000);
        // What an earlier update left in the free slot, and a temporary file of one a power cut ended.
        Files.writeString(boot.resolve("system-b"), "an older system");
        Files.writeString(boot.resolve("system-b.partial"), "half of one");

        UpdateInstaller.Installed installed = installer(A).install(
                new ByteArrayInputStream(bundle("0.2.0", List.of("rpi3", "rpi4"), KEY, system)), false);

        assertEquals(new UpdateInstaller.Installed(ReleaseVersion.parse("0.2.0"), Slot.B, 1, installed.bytes()), installed);
        assertArrayEquals(system, Files.readAllBytes(boot.resolve("system-b")));
        // The hash the first stage checks before the trial boots, in sha256sum's form.
        assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(system))
                + "  system-b\n", Files.readString(boot.resolve("system-b.sha256")));
        assertArrayEquals("system one".getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(boot.resolve("system-a")));
        // The kernel is the card's already: not staged. The new DTB waits for the commit.
        assertEquals(List.of("bcm2711-rpi-4-b.dtb"), Arrays.stream(boot.resolve(UpdateInstaller.STAGED).toFile().list()).toList());
        assertFalse(Files.exists(boot.resolve("bcm2711-rpi-4-b.dtb")), "a boot file changed before the commit");
        SlotState state = SlotState.parse(Files.readString(boot.resolve("slots.txt")));
        assertEquals(Optional.of(new SlotState.Trial(Slot.B, 0, 2, 1200,
                new java.util.TreeSet<>(List.of("mesh", "uplink")))),
                state.trial(), "the trial commits only with what the node had");
        assertEquals(Optional.of("0.2.0"), state.version(Slot.B));
        assertEquals(Slot.A, state.committed());
        assertEquals(List.of(true, false), remounts);
        assertFalse(Files.exists(boot.resolve("system-b.partial")));

        // The commit puts the staged boot file in place.
        assertEquals(1, TrialCommit.applyStaged(boot));
        assertEquals("a new device tree", Files.readString(boot.resolve("bcm2711-rpi-4-b.dtb")));
        assertFalse(Files.exists(boot.resolve(UpdateInstaller.STAGED)));
    }

    @Test
    void everyRefusalAndEveryBrokenBundleLeavesTheCardAsItWas() throws Exception {
        Map<String, byte[]> before = files();
        byte[] good = bundle("0.2.0", List.of("rpi4"), KEY, system(50_000));
        Map<String, byte[]> refused = new LinkedHashMap<>();
        refused.put("signed by another key", bundle("0.2.0", List.of("rpi4"), ReleasePrivateKey.generate(), system(10)));
        refused.put("for another board set", bundle("0.2.0", List.of("rpi3", "qemu-virt"), KEY, system(10)));
        refused.put("older", bundle("0.0.9", List.of("rpi4"), KEY, system(10)));
        refused.put("the same version", bundle("0.1.0", List.of("rpi4"), KEY, system(10)));
        refused.put("truncated in the system", Arrays.copyOf(good, good.length - 30_000));
        byte[] corrupt = good.clone();
        corrupt[corrupt.length - 30_000] ^= 1;
        refused.put("a corrupt piece", corrupt);
        refused.put("not a bundle", "hello".getBytes(StandardCharsets.US_ASCII));
        for (var bundle : refused.entrySet()) {
            BundleRefused e = assertThrows(BundleRefused.class,
                    () -> installer(A).install(new ByteArrayInputStream(bundle.getValue()), false), bundle.getKey());
            assertFalse(e.getMessage().isBlank());
            Map<String, byte[]> after = files();
            assertEquals(before.keySet(), after.keySet(), bundle.getKey());
            before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), bundle.getKey() + ": " + name));
            assertTrue(remounts.isEmpty(), bundle.getKey() + ": the card was made writable");
            assertFalse(Files.exists(spool.resolve("update")), bundle.getKey() + ": the spool is left");
        }
    }

    @Test
    void aNodeOnTrialOrNotRunningItsCommittedSlotTakesNoBundle() throws Exception {
        byte[] good = bundle("0.2.0", List.of("rpi4"), KEY, system(100));
        Files.writeString(boot.resolve("slots.txt"), SlotState.initial("0.1.0").withTrial(Slot.B, "0.1.5", 3, 60,
                java.util.Set.of()).text());
        BundleRefused onTrial = assertThrows(BundleRefused.class,
                () -> installer(A).install(new ByteArrayInputStream(good), false));
        assertTrue(onTrial.getMessage().startsWith("system-b (0.1.5) is on trial"), onTrial.getMessage());

        Files.writeString(boot.resolve("slots.txt"), SlotState.initial("0.1.0").text());
        BundleRefused elsewhere = assertThrows(BundleRefused.class, () -> installer(new BootedSlot(Slot.B, false, 0, 0))
                .install(new ByteArrayInputStream(good), false));
        assertTrue(elsewhere.getMessage().contains("restart the node first"), elsewhere.getMessage());
        assertTrue(remounts.isEmpty(), "the card was made writable: " + remounts);
    }

    @Test
    void forcedTheSameVersionIsInstalledAgain() throws Exception {
        byte[] same = bundle("0.1.0", List.of("rpi4"), KEY, system(100));
        assertEquals(Slot.B, installer(A).install(new ByteArrayInputStream(same), true).slot());
    }
}
