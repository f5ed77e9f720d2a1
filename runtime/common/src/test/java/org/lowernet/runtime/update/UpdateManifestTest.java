package org.lowernet.runtime.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class UpdateManifestTest {

    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);
    private static final String C = "c".repeat(64);

    static UpdateManifest manifest(String version, String architecture, List<String> boards) {
        return new UpdateManifest(ReleaseVersion.parse(version), architecture, boards, 4096,
                List.of(new UpdateManifest.Part(UpdateManifest.Role.SYSTEM, "initrd.img", 5000, A, List.of(B, C)),
                        new UpdateManifest.Part(UpdateManifest.Role.BOOT, "overlays/x.dtbo", 0, A, List.of())));
    }

    @Test
    void theTextIsOneFormAndReadsBack() {
        UpdateManifest manifest = manifest("0.2.0", "arm64", List.of("pi3", "pi4"));
        assertEquals("""
                lowernet-update-manifest 1
                version 0.2.0
                architecture arm64
                boards pi3,pi4
                piece_size 4096
                part system initrd.img 5000 %s
                piece %s
                piece %s
                part boot overlays/x.dtbo 0 %s
                """.formatted(A, B, C, A), manifest.text());
        assertEquals(manifest, UpdateManifest.parse(manifest.text()));
    }

    @Test
    void aManifestOutOfFormSaysTheLine() {
        String text = manifest("0.2.0", "arm64", List.of("pi3")).text();
        assertMessage("manifest line 3: expected 'architecture' with 1 value(s)",
                text.replace("architecture arm64\n", ""));
        assertMessage("manifest line 6: a part's role is system or boot, not 'kernel'",
                text.replace("part system", "part kernel"));
        assertMessage("manifest: initrd.img: 1 pieces for 5000 bytes, 2 expected at 4096 bytes each",
                text.replace("piece " + C + "\n", ""));
        assertMessage("manifest: an update has exactly one system part", text.replace("part boot", "part system"));
        assertMessage("manifest: '../etc/passwd' is not a usable part name (a boot partition path of letters, digits"
                + " and . _ + -)", text.replace("overlays/x.dtbo", "../etc/passwd"));
        assertMessage("manifest line 1: expected 'lowernet-update-manifest 1'", "lowernet-update-manifest 2\n");
        assertMessage("manifest: not in its one form (a number with a leading zero, a missing last newline)",
                text.replace("initrd.img 5000", "initrd.img 05000"));
    }

    private static void assertMessage(String expected, String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UpdateManifest.parse(text));
        assertEquals(expected, e.getMessage());
    }

    @Test
    void aNodeTakesOnlyANewerBundleForItsArchitectureAndBoard() throws Exception {
        UpdateRules pi3 = new UpdateRules(ReleaseVersion.parse("0.2.0"), "arm64", "pi3");
        pi3.check(manifest("0.2.1", "arm64", List.of("pi3", "pi4")), false);
        assertEquals("built for armhf, this node is arm64",
                refusal(pi3, manifest("0.3.0", "armhf", List.of("pi3")), true));
        assertEquals("built for the boards pi4, qemu-virt, this node is a pi3",
                refusal(pi3, manifest("0.3.0", "arm64", List.of("pi4", "qemu-virt")), true));
        assertEquals("version 0.1.9 is older than the running 0.2.0 (force installs it anyway)",
                refusal(pi3, manifest("0.1.9", "arm64", List.of("pi3")), false));
        assertEquals("version 0.2.0 already runs here (force installs it again)",
                refusal(pi3, manifest("0.2.0", "arm64", List.of("pi3")), false));
        assertEquals("version 0.2.0-rc1 is older than the running 0.2.0 (force installs it anyway)",
                refusal(pi3, manifest("0.2.0-rc1", "arm64", List.of("pi3")), false));
        pi3.check(manifest("0.1.9", "arm64", List.of("pi3")), true);
    }

    private static String refusal(UpdateRules rules, UpdateManifest manifest, boolean force) {
        BundleRefused e = assertThrows(BundleRefused.class, () -> rules.check(manifest, force));
        assertTrue(!e.getMessage().isBlank());
        return e.getMessage();
    }
}
