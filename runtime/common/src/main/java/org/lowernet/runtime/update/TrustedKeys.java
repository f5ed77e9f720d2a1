package org.lowernet.runtime.update;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The release keys a node trusts: the one built into its image ({@code scripts/build --release-key}) and one
 * put on its card's boot partition as {@code release.pub} (the public half keygen wrote). A damaged file is a
 * problem to report, never a reason to trust less of the rest.
 *
 * @param keys     each trusted key and where it came from ("built into the image", "on the card")
 * @param problems what was wrong with a key file, for the log
 */
public record TrustedKeys(Map<ReleasePublicKey, String> keys, List<String> problems) {

    /** In the root filesystem, relative to "/". */
    public static final String BUILT_IN = "etc/lowernet/release.pub";
    /** Its name on the boot partition (the card's FAT). */
    public static final String CARD_FILE = "release.pub";
    /** On the boot partition, relative to "/". */
    public static final String ON_CARD = "boot/" + CARD_FILE;

    public TrustedKeys {
        keys = Map.copyOf(keys);
        problems = List.copyOf(problems);
    }

    public static TrustedKeys read(Path root) {
        Map<ReleasePublicKey, String> keys = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> file : Map.of(BUILT_IN, "built into the image", ON_CARD, "on the card")
                .entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            Path path = root.resolve(file.getKey());
            if (!Files.exists(path)) {
                continue;
            }
            try {
                keys.putIfAbsent(ReleasePublicKey.parseFile(Files.readString(path, StandardCharsets.UTF_8)),
                        file.getValue());
            } catch (IOException | IllegalArgumentException e) {
                problems.add("update: ignoring the release key in " + path + ": " + e.getMessage());
            }
        }
        return new TrustedKeys(keys, problems);
    }

    /** The keys, for {@link UpdateBundle#open}. */
    public List<ReleasePublicKey> list() {
        return List.copyOf(keys.keySet());
    }

    /** One line for the console: whom the node trusts, or that it installs no update. */
    public String describe() {
        if (keys.isEmpty()) {
            return "no release key trusted: this node installs no update (build with --release-key, or put the key's"
                    + " .pub file on the card as release.pub)";
        }
        return "release keys trusted: " + String.join(", ", keys.entrySet().stream()
                .map(e -> e.getKey().fingerprint() + " (" + e.getValue() + ")").sorted().toList());
    }
}
