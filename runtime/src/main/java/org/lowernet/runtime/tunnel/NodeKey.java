package org.lowernet.runtime.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lowernet.runtime.data.AtomicFile;
import org.lowernet.runtime.wgkey.WgPrivateKey;
import org.lowernet.runtime.wgkey.WgPublicKey;
import org.tinylog.Logger;

/**
 * The node's WireGuard private key, one for all its tunnels. Made on the node at its first boot and kept on /data
 * ({@value #DATA_FILE}, 0600), so it never leaves the node and its public key stays the same across reboots. A card
 * stamped with {@code --tunnel-keys} brings its own ({@value #CARD_FILE}), which then is the key and is copied to
 * /data. A file that is not a key is said clearly (never its content) and the last good key kept; without /data the
 * key lives in /run for this boot only, and that is said loudly: the public key then changes at every boot. The
 * public key is kept beside a key file the runtime reads or writes ({@link PublicKeyFile}), not derived at every start.
 */
public final class NodeKey {

    /** On /data, below the root. */
    public static final String DATA_FILE = "data/lowernet/tunnel/private.key";
    /** On the boot partition: written by {@code lowernet stamp --tunnel-keys}. */
    public static final String CARD_FILE = "boot/tunnel.key";
    /** Without /data: this boot's key, kept while init restarts the runtime. */
    public static final String RUN_FILE = "run/lowernet/tunnel/private.key";
    /** A key file is 44 characters of base64 and a newline; anything much longer is not one. */
    private static final int MAX_FILE_BYTES = 1024;

    private final WgPrivateKey key;
    private final WgPublicKey publicKey;
    private final boolean persistent;
    private final List<String> notes;

    private NodeKey(WgPrivateKey key, WgPublicKey publicKey, boolean persistent, List<String> notes) {
        this.key = key;
        this.publicKey = publicKey;
        this.persistent = persistent;
        this.notes = List.copyOf(notes);
    }

    /**
     * The node key {@code key}; its public half from the {@link PublicKeyFile} beside {@code file}, the key file it
     * was read from or written to, else derived (a key read from the card, which is never written).
     */
    private static NodeKey of(WgPrivateKey key, Optional<Path> file, boolean persistent, List<String> notes) {
        return new NodeKey(key, file.map(f -> PublicKeyFile.of(key, f)).orElseGet(key::publicKey), persistent, notes);
    }

    /**
     * The node's key: the card's when it has a valid one, else the one on /data, else a new one kept there. With
     * {@code dataMounted} false, the card's or this boot's in /run. Never fails: what goes wrong is logged.
     */
    public static NodeKey load(Path root, boolean dataMounted) {
        List<String> notes = new ArrayList<>();
        Path cardFile = root.resolve(CARD_FILE);
        KeyFile card = KeyFile.read(cardFile);
        if (!dataMounted) {
            return withoutData(root, card, notes);
        }
        Path dataFile = root.resolve(DATA_FILE);
        KeyFile stored = KeyFile.read(dataFile);
        card.problem().ifPresent(p -> note(notes, true, "tunnel key: " + cardFile + " " + p + ": ignored, "
                + (stored.key().isPresent() ? "the key on /data is kept" : "a key of the node's own is used")));
        if (card.key().isPresent()) {
            WgPrivateKey key = card.key().get();
            if (stored.key().isPresent() && same(stored.key().get(), key)) {
                return of(key, Optional.of(dataFile), true, notes);
            }
            if (stored.key().isPresent()) {
                note(notes, true, "tunnel key: the card's " + cardFile.getFileName() + " replaces the key on /data"
                        + " (public key " + stored.key().get().publicKey() + " before): the other side of every tunnel"
                        + " needs the new public key");
            }
            boolean kept = keep(dataFile, key, notes, "copying the card's tunnel key to /data");
            if (kept) {
                note(notes, false, "tunnel key: the card's " + cardFile.getFileName() + " copied to " + dataFile);
            }
            return of(key, kept ? Optional.of(dataFile) : Optional.empty(), true, notes);
        }
        if (stored.key().isPresent()) {
            restrict(dataFile, notes);
            return of(stored.key().get(), Optional.of(dataFile), true, notes);
        }
        WgPrivateKey made = WgPrivateKey.generate();
        stored.problem().ifPresentOrElse(
                p -> note(notes, true, "tunnel key: " + dataFile + " " + p + ": a NEW key is made, so this node's"
                        + " tunnel public key changes; give it (lowernet tunnel-key) to the other side of every tunnel"),
                () -> note(notes, false, "tunnel key: none yet (first boot), a new one is made and kept in " + dataFile));
        boolean kept = keep(dataFile, made, notes, "keeping the new tunnel key on /data");
        return of(made, kept ? Optional.of(dataFile) : Optional.empty(), kept, notes);
    }

    /**
     * The public key a running or earlier runtime uses, for {@code lowernet tunnel-key}: the card's, else the one on
     * /data, else this boot's in /run. Reads only; empty when there is none yet.
     */
    public static Optional<WgPublicKey> stored(Path root) {
        return KeyFile.read(root.resolve(CARD_FILE)).key()
                .or(() -> KeyFile.read(root.resolve(DATA_FILE)).key())
                .or(() -> KeyFile.read(root.resolve(RUN_FILE)).key())
                .map(WgPrivateKey::publicKey);
    }

    /** The private key, for setting the node's WireGuard interfaces; never leaves this package. */
    WgPrivateKey privateKey() {
        return key;
    }

    public WgPublicKey publicKey() {
        return publicKey;
    }

    /** Whether the key survives a reboot (false: /data is unusable and the card has none). */
    public boolean persistent() {
        return persistent;
    }

    /** What loading said (also logged): for tests, which check it names the problem and never shows a key. */
    List<String> notes() {
        return notes;
    }

    @Override
    public String toString() {
        return "node key " + publicKey() + (persistent ? "" : " (this boot only)");
    }

    private static NodeKey withoutData(Path root, KeyFile card, List<String> notes) {
        Path cardFile = root.resolve(CARD_FILE);
        if (card.key().isPresent()) {
            note(notes, false, "tunnel key: from the card's " + cardFile.getFileName() + " (/data is unavailable, so"
                    + " it is read from the card at every boot)");
            return of(card.key().get(), Optional.empty(), true, notes);
        }
        card.problem().ifPresent(p -> note(notes, true, "tunnel key: " + cardFile + " " + p + ": ignored"));
        Path runFile = root.resolve(RUN_FILE);
        KeyFile thisBoot = KeyFile.read(runFile);
        WgPrivateKey key = thisBoot.key().orElseGet(WgPrivateKey::generate);
        boolean inRun = thisBoot.key().isPresent() || keep(runFile, key, notes, "keeping this boot's tunnel key in /run");
        note(notes, true, "tunnel key: /data is unavailable, so this node's tunnel key lives in " + runFile
                + " for this boot only: ITS PUBLIC KEY CHANGES AT EVERY BOOT until /data works, and the other side of"
                + " every tunnel must be given the new one each time");
        return of(key, inRun ? Optional.of(runFile) : Optional.empty(), false, notes);
    }

    private static boolean same(WgPrivateKey a, WgPrivateKey b) {
        return MessageDigest.isEqual(a.bytes(), b.bytes());
    }

    /** Writes {@code key} to {@code file} (0600 in a 0700 folder); false, and said, when it cannot. */
    private static boolean keep(Path file, WgPrivateKey key, List<String> notes, String doing) {
        try {
            Files.createDirectories(file.getParent());
            Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwx------"));
            AtomicFile.writePrivate(file, (key.base64() + "\n").getBytes(StandardCharsets.US_ASCII));
            return true;
        } catch (IOException e) {
            note(notes, true, "tunnel key: " + doing + " failed (" + file + ": " + e.getMessage()
                    + "): the key lasts only until the next boot");
            return false;
        }
    }

    /** A key file someone made readable to others is made the owner's again. */
    private static void restrict(Path file, List<String> notes) {
        try {
            if (!PosixFilePermissions.toString(Files.getPosixFilePermissions(file)).equals("rw-------")) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                note(notes, true, "tunnel key: " + file + " was readable by others; made the owner's only (0600)");
            }
        } catch (IOException e) {
            note(notes, true, "tunnel key: cannot restrict " + file + " to its owner: " + e.getMessage());
        }
    }

    private static void note(List<String> notes, boolean error, String text) {
        notes.add(text);
        if (error) {
            Logger.error(text);
        } else {
            Logger.info(text);
        }
    }

    /** A key file as read: its key, or why it is not one (never quoting it), or neither when it is absent. */
    private record KeyFile(Optional<WgPrivateKey> key, Optional<String> problem) {

        static KeyFile read(Path file) {
            try (InputStream in = Files.newInputStream(file)) {
                byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
                if (bytes.length > MAX_FILE_BYTES) {
                    return broken("is not a WireGuard private key (more than " + MAX_FILE_BYTES + " bytes, a key file"
                            + " has 45)");
                }
                return new KeyFile(Optional.of(WgPrivateKey.parse(new String(bytes, StandardCharsets.US_ASCII))),
                        Optional.empty());
            } catch (NoSuchFileException e) {
                return new KeyFile(Optional.empty(), Optional.empty());
            } catch (IOException e) {
                return broken("cannot be read (" + e.getMessage() + ")");
            } catch (IllegalArgumentException e) {
                // WgPrivateKey's messages never quote the text.
                return broken("is not a WireGuard private key (" + e.getMessage() + ")");
            }
        }

        private static KeyFile broken(String problem) {
            return new KeyFile(Optional.empty(), Optional.of(problem));
        }
    }
}
