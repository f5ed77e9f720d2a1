package org.lowernet.runtime.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustedKeysTest {

    @TempDir
    Path root;

    @Test
    void theImagesKeyAndTheCardsAreTrustedAndADamagedFileIsReported() throws Exception {
        assertEquals(List.of(), TrustedKeys.read(root).list());
        assertTrue(TrustedKeys.read(root).describe().startsWith("no release key trusted: this node installs no update"));

        ReleasePublicKey built = ReleasePrivateKey.generate().publicKey();
        ReleasePublicKey card = ReleasePrivateKey.generate().publicKey();
        Files.createDirectories(root.resolve("etc/lowernet"));
        Files.createDirectories(root.resolve("boot"));
        Files.writeString(root.resolve(TrustedKeys.BUILT_IN), built.fileText("build host"));
        Files.writeString(root.resolve(TrustedKeys.ON_CARD), card.fileText(""));
        TrustedKeys both = TrustedKeys.read(root);
        assertEquals(Map.of(built, "built into the image", card, "on the card"), both.keys());
        assertTrue(both.describe().contains(built.fingerprint() + " (built into the image)"), both.describe());
        assertTrue(both.describe().contains(card.fingerprint() + " (on the card)"), both.describe());

        Files.writeString(root.resolve(TrustedKeys.ON_CARD), "ssh-ed25519 AAAA admin@laptop\n");
        TrustedKeys damaged = TrustedKeys.read(root);
        assertEquals(List.of(built), damaged.list(), "the image's key still counts");
        assertEquals(1, damaged.problems().size());
        assertTrue(damaged.problems().getFirst().contains(root.resolve(TrustedKeys.ON_CARD) + ": not a lowernet release"
                + " public key"), damaged.problems().toString());
    }
}
