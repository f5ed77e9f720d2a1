package org.lowernet.image.stamp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;
import org.lowernet.runtime.config.ConfigError;
import org.lowernet.runtime.config.ConfigParser;
import org.lowernet.runtime.update.ReleasePublicKey;
import org.lowernet.runtime.update.TrustedKeys;
import org.lowernet.runtime.wgkey.WgPrivateKey;
import org.lowernet.runtime.wgkey.WgPublicKey;

/**
 * Stamps copies of one image, one per node: each copy's FAT partition carries the node's lowernet.conf
 * (and {@code authorized_keys} when an SSH key is given, {@code tunnel.key} with --tunnel-keys, {@code release.pub}
 * with --release-pub); every other
 * byte of the image stays as it was.
 * Every node is checked before any image is written (its config by the runtime's validator, its output
 * path), so a refusal leaves no output at all.
 */
public final class Stamp {

    public static final String AUTHORIZED_KEYS = "authorized_keys";

    /**
     * One image to write.
     *
     * @param label       how messages name this node, e.g. "nodes.csv:4 (infoshop-1)"
     * @param output      the image file to write
     * @param assignments applied in order to the base config
     */
    public record Node(String label, Path output, List<Assignment> assignments) {
        public Node {
            assignments = List.copyOf(assignments);
        }
    }

    /**
     * What every node shares.
     *
     * @param config     a lowernet.conf to start from instead of the image's own
     * @param sshKey     an OpenSSH public key file to put on the card as authorized_keys
     * @param replace    whether existing output files may be replaced (--force)
     * @param tunnelKeys whether to make a WireGuard key pair per node, the private key onto its card (--tunnel-keys)
     * @param keyTable   where to write the nodes' public keys (a batch's DIR/tunnel-keys.csv); only with tunnelKeys
     * @param releaseKey a release key the nodes trust besides the image's own (their updates' signer)
     */
    public record Options(Optional<Path> config, Optional<Path> sshKey, boolean replace, boolean tunnelKeys,
                          Optional<Path> keyTable, Optional<ReleasePublicKey> releaseKey) {
        public Options {
            if (keyTable.isPresent() && !tunnelKeys) {
                throw new IllegalArgumentException("a key table " + keyTable.get() + " without tunnel keys");
            }
        }
    }

    private final BootImage source;
    private final Options options;

    public Stamp(BootImage source, Options options) {
        this.source = source;
        this.options = options;
    }

    /** Batch rows as nodes whose images are {@code DIR/<node.name>.img}; {@code common} goes before each row's. */
    public static List<Node> nodes(NodesCsv csv, Path outDir, List<Assignment> common) {
        List<Node> nodes = new ArrayList<>();
        for (NodesCsv.Row row : csv.rows()) {
            List<Assignment> all = new ArrayList<>(common);
            all.addAll(row.assignments());
            nodes.add(new Node(csv.source() + ":" + row.line() + " (" + row.nodeName() + ")",
                    outDir.resolve(row.nodeName().toLowerCase(Locale.ROOT) + ".img"), all));
        }
        return nodes;
    }

    /**
     * Checks every node, then writes every image, reporting each written one to {@code progress}.
     *
     * @throws StampException when any node is refused; nothing was written then
     */
    public List<Path> stamp(List<Node> nodes, Consumer<String> progress) throws StampException, IOException {
        String base = baseConfig();
        Optional<byte[]> keys = options.sshKey().isPresent()
                ? Optional.of(AuthorizedKeys.read(options.sshKey().get())) : Optional.empty();
        List<String> problems = new ArrayList<>();
        List<byte[]> configs = new ArrayList<>();
        Set<Path> outputs = new HashSet<>();
        List<Optional<WgPrivateKey>> tunnelKeys = new ArrayList<>();
        Map<String, WgPublicKey> stamped = new HashMap<>();
        for (Node node : nodes) {
            Optional<WgPrivateKey> key = options.tunnelKeys() ? Optional.of(WgPrivateKey.generate()) : Optional.empty();
            tunnelKeys.add(key);
            key.ifPresent(k -> stamped.put(name(node), k.publicKey()));
        }
        for (Node node : nodes) {
            problems.addAll(outputProblems(node, outputs));
            List<String> references = new ArrayList<>();
            List<Assignment> assignments = TunnelKeys.resolve(node.assignments(), name(node), stamped,
                    options.tunnelKeys(), problem -> references.add(node.label() + ": " + problem));
            byte[] bytes = ConfigEdit.apply(base, assignments).getBytes(StandardCharsets.UTF_8);
            // An unresolved "@NODE" would only come back as "not base64": one mistake, one message.
            List<String> errors = !references.isEmpty() ? references : ConfigParser.parse(bytes, BootImage.CONFIG)
                    .errors().stream().map(ConfigError::message).map(m -> node.label() + ": " + m).toList();
            problems.addAll(errors);
            configs.add(bytes);
        }
        if (options.keyTable().isPresent() && Files.exists(options.keyTable().get()) && !options.replace()) {
            problems.add(options.keyTable().get() + " exists; remove it or stamp with --force");
        }
        if (!problems.isEmpty()) {
            throw new StampException(problems);
        }
        if (source.files().entries().keySet().stream().anyMatch(p -> p.equalsIgnoreCase(TunnelKeys.CARD_FILE))) {
            progress.accept(source.path() + " carries a " + TunnelKeys.CARD_FILE + "; not copied: a private key belongs"
                    + " to one node (" + (options.tunnelKeys() ? "each card gets its own" : "nodes without one make their"
                    + " own at first boot") + ")");
        }
        if (options.keyTable().isPresent()) {
            List<TunnelKeys.Pair> pairs = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                pairs.add(new TunnelKeys.Pair(name(nodes.get(i)), tunnelKeys.get(i).orElseThrow()));
            }
            TunnelKeys.writeTable(options.keyTable().get(), pairs);
            progress.accept("wrote " + options.keyTable().get() + " (" + pairs.size() + " public key"
                    + (pairs.size() == 1 ? "" : "s") + "; each private key is on its own card only)");
        }
        ImageWriter writer = new ImageWriter(source);
        List<Path> written = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            long start = System.nanoTime();
            Node node = nodes.get(i);
            if (node.output().toAbsolutePath().getParent() != null) {
                Files.createDirectories(node.output().toAbsolutePath().getParent());
            }
            writer.write(tree(configs.get(i), keys, tunnelKeys.get(i)), node.output());
            written.add(node.output());
            progress.accept(String.format(Locale.ROOT, "stamped %s (%.2f s)%s", node.output(),
                    (System.nanoTime() - start) / 1e9, tunnelKeys.get(i)
                            .map(k -> ", tunnel public key " + k.publicKey().base64()).orElse("")));
        }
        return written;
    }

    /** The node's name as its assignments give it (a batch row always does), else its image's file name. */
    private static String name(Node node) {
        return node.assignments().stream().filter(a -> a.key().equals(NodesCsv.NODE_NAME)).reduce((a, b) -> b)
                .map(a -> a.value().toLowerCase(Locale.ROOT)).orElse(node.output().getFileName().toString());
    }

    /**
     * The source's files with this node's config and keys; names FAT matches regardless of case are replaced.
     * The source's own tunnel.key never passes on: a private key copied to many cards would be no one's own.
     */
    private FileTree tree(byte[] config, Optional<byte[]> keys, Optional<WgPrivateKey> tunnelKey) {
        FileTree tree = new FileTree().putAll("", source.files());
        tree.removeIf(path -> path.equalsIgnoreCase(BootImage.CONFIG) || path.equalsIgnoreCase(AUTHORIZED_KEYS)
                || path.equalsIgnoreCase(TunnelKeys.CARD_FILE));
        tree.file(BootImage.CONFIG, 0644, new Content.InMemory(config));
        keys.ifPresent(k -> tree.file(AUTHORIZED_KEYS, 0600, new Content.InMemory(k)));
        tunnelKey.ifPresent(k -> tree.file(TunnelKeys.CARD_FILE, 0600, new Content.InMemory(TunnelKeys.cardFile(k))));
        options.releaseKey().ifPresent(k -> {
            tree.removeIf(path -> path.equalsIgnoreCase(TrustedKeys.CARD_FILE));
            tree.file(TrustedKeys.CARD_FILE, 0644, Content.of(k.fileText("stamped")));
        });
        return tree;
    }

    private List<String> outputProblems(Node node, Set<Path> outputs) throws IOException {
        Path out = node.output().toAbsolutePath().normalize();
        List<String> problems = new ArrayList<>();
        if (!outputs.add(out)) {
            problems.add(node.label() + ": " + node.output() + " is the output of another node too");
        }
        if (out.equals(source.path().toAbsolutePath().normalize())
                || Files.exists(out) && Files.isSameFile(out, source.path())) {
            problems.add(node.label() + ": " + node.output() + " is the image being stamped; write to another file");
        } else if (Files.exists(out) && !options.replace()) {
            problems.add(node.label() + ": " + node.output() + " exists; remove it or stamp with --force");
        } else if (Files.isDirectory(out)) {
            problems.add(node.label() + ": " + node.output() + " is a directory; name an image file");
        }
        return problems;
    }

    /** The config every node starts from: --config's file, else the image's own. */
    private String baseConfig() throws StampException, IOException {
        if (options.config().isPresent()) {
            Path file = options.config().get();
            if (!Files.isRegularFile(file)) {
                throw new StampException("--config " + file + ": no such file");
            }
            return text(Files.readAllBytes(file), "--config " + file);
        }
        return text(source.config().orElseThrow(() -> new StampException(source.path() + " has no " + BootImage.CONFIG
                + " on its FAT partition; give one with --config FILE")), source.path() + ":/" + BootImage.CONFIG);
    }

    private static String text(byte[] bytes, String what) throws StampException {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new StampException(what + " is not UTF-8 text; check it with scripts/lowernet check-config"
                    + " and save it as UTF-8");
        }
    }
}
