package org.lowernet.runtime.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.wgkey.WgPrivateKey;
import org.lowernet.runtime.wgkey.WgPublicKey;

/** The node's key on a root folder of the test's own: first boot, reboots, a card's key, broken files, no /data. */
class NodeKeyTest {

    @TempDir
    Path root;

    static WgPrivateKey read(Path file) throws IOException {
        return WgPrivateKey.parse(Files.readString(file));
    }

    void write(String file, String content) throws IOException {
        Files.createDirectories(root.resolve(file).getParent());
        Files.writeString(root.resolve(file), content);
    }

    /** The notes name what happened and never show a private key. */
    static void assertSays(NodeKey key, String expected, WgPrivateKey... secrets) {
        String notes = String.join("\n", key.notes());
        assertTrue(notes.contains(expected), notes);
        for (WgPrivateKey secret : secrets) {
            assertFalse(notes.contains(secret.base64()), "a private key in: " + notes);
        }
        assertFalse(key.toString().contains(key.privateKey().base64()), key.toString());
    }

    @Test
    void madeAtFirstBootKeptOnDataAndReusedAfter() throws IOException {
        NodeKey first = NodeKey.load(root, true);
        Path file = root.resolve(NodeKey.DATA_FILE);
        assertEquals(first.privateKey(), read(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertEquals(first.privateKey().base64() + "\n", Files.readString(file));
        assertTrue(first.persistent());
        assertSays(first, "none yet (first boot)", first.privateKey());

        NodeKey reboot = NodeKey.load(root, true);
        assertEquals(first.publicKey(), reboot.publicKey());
        assertEquals(List.of(), reboot.notes());
        assertEquals(Optional.of(first.publicKey()), NodeKey.stored(root));
        assertFalse(Files.exists(root.resolve(NodeKey.RUN_FILE)));
    }

    @Test
    void thePublicKeyIsKeptBesideThePrivateKeyAndReadBackInsteadOfDerived() throws IOException {
        NodeKey first = NodeKey.load(root, true);
        assertEquals(first.privateKey().publicKey(), first.publicKey());
        // The start asks three times; each derivation would run X25519 again.
        assertSame(first.publicKey(), first.publicKey());
        Path kept = root.resolve(NodeKey.DATA_FILE).resolveSibling(PublicKeyFile.NAME);
        String[] fields = Files.readString(kept).strip().split(" ");
        assertEquals(first.publicKey().base64(), fields[0]);
        assertFalse(Files.readString(kept).contains(first.privateKey().base64()), "the private key in " + kept);

        // A file that names this private key is believed: another public key in it comes back, so nothing derived it.
        WgPublicKey planted = WgPrivateKey.generate().publicKey();
        Files.writeString(kept, planted.base64() + " " + fields[1] + "\n");
        assertEquals(planted, NodeKey.load(root, true).publicKey());
    }

    @Test
    void aPublicKeyFileOfAnotherPrivateKeyOrNoneAtAllIsMadeAgain() throws IOException {
        NodeKey first = NodeKey.load(root, true);
        Path kept = root.resolve(NodeKey.DATA_FILE).resolveSibling(PublicKeyFile.NAME);
        String ofFirst = Files.readString(kept);
        // The private key replaced by hand: the file's digest is the old key's.
        WgPrivateKey replaced = WgPrivateKey.generate();
        write(NodeKey.DATA_FILE, replaced.base64() + "\n");
        assertEquals(replaced.publicKey(), NodeKey.load(root, true).publicKey());
        assertTrue(Files.readString(kept).startsWith(replaced.publicKey().base64() + " "), Files.readString(kept));
        assertNotEquals(ofFirst, Files.readString(kept));

        for (String broken : List.of("", "not a key\n", first.publicKey().base64() + "\n", "x".repeat(4096))) {
            Files.writeString(kept, broken);
            assertEquals(replaced.publicKey(), NodeKey.load(root, true).publicKey(), "with " + broken.length() + " bytes");
            assertTrue(Files.readString(kept).startsWith(replaced.publicKey().base64() + " "), "remade after: " + broken);
        }
    }

    @Test
    void aCardsKeyWithoutDataIsDerivedAndNothingIsWrittenToTheCard() throws IOException {
        WgPrivateKey stamped = WgPrivateKey.generate();
        write(NodeKey.CARD_FILE, stamped.base64() + "\n");
        assertEquals(stamped.publicKey(), NodeKey.load(root, false).publicKey());
        assertFalse(Files.exists(root.resolve(NodeKey.CARD_FILE).resolveSibling(PublicKeyFile.NAME)));
    }

    @Test
    void aCardsKeyIsTheKeyAndIsCopiedToData() throws IOException {
        WgPrivateKey stamped = WgPrivateKey.generate();
        write(NodeKey.CARD_FILE, stamped.base64() + "\n");
        NodeKey key = NodeKey.load(root, true);
        assertEquals(stamped, key.privateKey());
        assertEquals(stamped, read(root.resolve(NodeKey.DATA_FILE)));
        assertSays(key, "copied to", stamped);
        // Once copied, a reboot says nothing.
        assertEquals(List.of(), NodeKey.load(root, true).notes());
    }

    @Test
    void aCardsKeyReplacesADifferentOneOnDataAndSaysSo() throws IOException {
        WgPrivateKey old = NodeKey.load(root, true).privateKey();
        WgPrivateKey stamped = WgPrivateKey.generate();
        write(NodeKey.CARD_FILE, stamped.base64());
        NodeKey key = NodeKey.load(root, true);
        assertEquals(stamped, key.privateKey());
        assertEquals(stamped, read(root.resolve(NodeKey.DATA_FILE)));
        assertSays(key, "replaces the key on /data (public key " + old.publicKey() + " before)", old, stamped);
    }

    @Test
    void aCorruptCardFileKeepsTheLastGoodKey() throws IOException {
        WgPrivateKey good = NodeKey.load(root, true).privateKey();
        String cut = WgPrivateKey.generate().base64().substring(0, 30);
        write(NodeKey.CARD_FILE, cut + "\n");
        NodeKey key = NodeKey.load(root, true);
        assertEquals(good, key.privateKey());
        assertEquals(good, read(root.resolve(NodeKey.DATA_FILE)));
        assertSays(key, root.resolve(NodeKey.CARD_FILE) + " is not a WireGuard private key", good);
        assertSays(key, "ignored, the key on /data is kept");
        assertFalse(String.join("\n", key.notes()).contains(cut), "the card file's content is never shown");
        assertEquals(Optional.of(good.publicKey()), NodeKey.stored(root));
    }

    @Test
    void aCorruptDataFileWithoutACardMakesANewKeyAndSaysSo() throws IOException {
        write(NodeKey.DATA_FILE, "not a key at all\n");
        NodeKey key = NodeKey.load(root, true);
        assertEquals(key.privateKey(), read(root.resolve(NodeKey.DATA_FILE)));
        assertSays(key, root.resolve(NodeKey.DATA_FILE) + " is not a WireGuard private key (not base64", key.privateKey());
        assertSays(key, "a NEW key is made, so this node's tunnel public key changes");
        assertFalse(String.join("\n", key.notes()).contains("not a key at all"));
    }

    @Test
    void aHugeFileIsNotAKey() throws IOException {
        write(NodeKey.DATA_FILE, "A".repeat(5000));
        NodeKey key = NodeKey.load(root, true);
        assertSays(key, "more than 1024 bytes, a key file has 45");
    }

    @Test
    void aKeyFileOthersCouldReadIsMadeTheOwnersOnly() throws IOException {
        NodeKey.load(root, true);
        Path file = root.resolve(NodeKey.DATA_FILE);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertSays(NodeKey.load(root, true), "was readable by others");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void withoutDataTheKeyLivesInRunForThisBootAndThatIsSaidLoudly() throws IOException {
        NodeKey key = NodeKey.load(root, false);
        assertFalse(key.persistent());
        Path run = root.resolve(NodeKey.RUN_FILE);
        assertEquals(key.privateKey(), read(run));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(run)));
        assertFalse(Files.exists(root.resolve(NodeKey.DATA_FILE)));
        assertSays(key, "ITS PUBLIC KEY CHANGES AT EVERY BOOT", key.privateKey());
        // The runtime restarted by init within the boot keeps it; the command reads it.
        assertEquals(key.publicKey(), NodeKey.load(root, false).publicKey());
        assertEquals(Optional.of(key.publicKey()), NodeKey.stored(root));
        // A new boot (a fresh /run) without /data: another key.
        Files.delete(run);
        assertNotEquals(key.publicKey(), NodeKey.load(root, false).publicKey());
    }

    @Test
    void withoutDataACardsKeyStillHolds() throws IOException {
        WgPrivateKey stamped = WgPrivateKey.generate();
        write(NodeKey.CARD_FILE, stamped.base64() + "\n");
        NodeKey key = NodeKey.load(root, false);
        assertEquals(stamped, key.privateKey());
        assertTrue(key.persistent());
        assertFalse(Files.exists(root.resolve(NodeKey.RUN_FILE)));
        assertFalse(Files.exists(root.resolve(NodeKey.DATA_FILE)));
        assertSays(key, "from the card's tunnel.key", stamped);
    }

    @Test
    void whenDataCannotBeWrittenTheKeyIsUsedAndSaidToLastOneBoot() throws IOException {
        // A file where the tunnel folder should be: the folder cannot be made.
        write("data/lowernet/tunnel", "in the way");
        NodeKey key = NodeKey.load(root, true);
        assertFalse(key.persistent());
        assertSays(key, "keeping the new tunnel key on /data failed", key.privateKey());
        assertSays(key, "the key lasts only until the next boot");
    }

    @Test
    void nothingStoredYetIsEmpty() {
        assertEquals(Optional.<WgPublicKey>empty(), NodeKey.stored(root));
    }

    @Test
    void theCardFileIsWhatStampWrites() throws IOException {
        // lowernet stamp --tunnel-keys writes base64 and a newline, as wg genkey does (image's TunnelKeys.cardFile).
        WgPrivateKey stamped = WgPrivateKey.generate();
        Files.createDirectories(root.resolve("boot"));
        Files.write(root.resolve(NodeKey.CARD_FILE), (stamped.base64() + "\n").getBytes(StandardCharsets.US_ASCII));
        assertEquals(Optional.of(stamped.publicKey()), NodeKey.stored(root));
    }
}
