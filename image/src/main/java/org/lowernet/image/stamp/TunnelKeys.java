package org.lowernet.image.stamp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.lowernet.runtime.wgkey.WgPrivateKey;
import org.lowernet.runtime.wgkey.WgPublicKey;

/**
 * {@code --tunnel-keys}: a WireGuard key pair made for each stamped node. The private key goes onto that
 * node's card only, as {@link #CARD_FILE} on the FAT partition (the runtime moves it to /data at first
 * boot); the public keys go into {@link #TABLE} for the neighbourhood to share, to put into the other
 * nodes' {@code tunnel.<name>.public_key}; within one batch a node names another's as "@NODE". A private key
 * is never printed, logged or put into the table.
 */
final class TunnelKeys {

    /** The card file the runtime imports: base64 of the private key and a newline, as {@code wg genkey} writes. */
    static final String CARD_FILE = "tunnel.key";
    /** The table of a batch, in its --out-dir. */
    static final String TABLE = "tunnel-keys.csv";
    static final String HEADER = "node.name,public_key";

    /** One node's key pair: its name as the table shows it, and the private key for its card. */
    record Pair(String node, WgPrivateKey key) {
        WgPublicKey publicKey() {
            return key.publicKey();
        }
    }

    /** A tunnel.NAME.public_key value "@NODE" stands for the public key stamped for NODE in the same run. */
    static final String REFERENCE = "@";
    private static final Pattern PUBLIC_KEY = Pattern.compile("tunnel\\.[^.]+\\.public_key");

    private TunnelKeys() {
    }

    /**
     * {@code assignments} with every "@NODE" public key replaced by the key made for NODE ({@code stamped}, by
     * lowercase node name): a batch joins its own nodes by tunnels in one run, before any of the keys exists.
     * A reference that cannot be resolved goes to {@code problems} and stays as written.
     */
    static List<Assignment> resolve(List<Assignment> assignments, String self, Map<String, WgPublicKey> stamped,
                                    boolean tunnelKeys, Consumer<String> problems) {
        List<Assignment> resolved = new ArrayList<>();
        for (Assignment a : assignments) {
            if (!PUBLIC_KEY.matcher(a.key()).matches() || !a.value().startsWith(REFERENCE)) {
                resolved.add(a);
                continue;
            }
            String node = a.value().substring(REFERENCE.length()).toLowerCase(Locale.ROOT);
            if (!tunnelKeys) {
                problems.accept(a.key() + " = " + a.value() + ": a node's stamped key needs --tunnel-keys");
            } else if (node.equals(self)) {
                problems.accept(a.key() + " = " + a.value() + ": this node's own key; a tunnel needs the other end's");
            } else if (!stamped.containsKey(node)) {
                problems.accept(a.key() + " = " + a.value() + ": no node " + node + " in this stamp; the nodes are "
                        + String.join(", ", new TreeSet<>(stamped.keySet())));
            } else {
                resolved.add(new Assignment(a.key(), stamped.get(node).base64()));
                continue;
            }
            resolved.add(a);
        }
        return resolved;
    }

    static byte[] cardFile(WgPrivateKey key) {
        return (key.base64() + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** "node.name,public_key" and one row per node; node names are hostnames, so no cell needs quoting. */
    static String table(List<Pair> pairs) {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        pairs.forEach(p -> text.append(p.node()).append(',').append(p.publicKey().base64()).append('\n'));
        return text.toString();
    }

    /**
     * Writes the table under its name only when complete (a temporary file renamed onto it), before the
     * first card: no card then carries a key whose public half the table lacks.
     */
    static void writeTable(Path file, List<Pair> pairs) throws IOException {
        Path partial = file.toAbsolutePath().resolveSibling("." + file.getFileName() + ".partial");
        Files.createDirectories(partial.getParent());
        try {
            Files.writeString(partial, table(pairs), StandardCharsets.US_ASCII);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
    }
}
