package org.lowernet.image.debian;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The verified body of a Release/InRelease file (the Debian wiki page "DebianRepository/Format"):
 * its Codename and the SHA256 list of index files it vouches for. Other hash lists are ignored:
 * SHA256 is the one apt requires.
 */
public record Release(String codename, Map<String, IndexFile> sha256) {

    /** One index file listed in the Release file, with its path relative to {@code dists/<suite>/}. */
    public record IndexFile(String path, long size, String sha256) {
    }

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public Release {
        sha256 = Map.copyOf(sha256);
    }

    public static Release parse(String body, String source) {
        List<ControlFile.Paragraph> paragraphs = ControlFile.parse(body, source);
        if (paragraphs.size() != 1) {
            throw new IllegalArgumentException(source + ": expected one Release paragraph, found " + paragraphs.size());
        }
        ControlFile.Paragraph release = paragraphs.getFirst();
        String codename = release.require("Codename", source);
        Map<String, IndexFile> files = new LinkedHashMap<>();
        for (String line : release.require("SHA256", source).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.strip().split("\\s+");
            if (parts.length != 3 || !SHA256_HEX.matcher(parts[0]).matches() || !parts[1].matches("[0-9]+")) {
                throw new IllegalArgumentException(source + ": bad SHA256 entry '" + line.strip()
                        + "'; expected '<sha256> <size> <path>'");
            }
            files.put(parts[2], new IndexFile(parts[2], Long.parseLong(parts[1]), parts[0]));
        }
        return new Release(codename, files);
    }

    /** Checks that the mirror served the suite we asked for, not a renamed or older one. */
    public Release requireCodename(String suite, String source) {
        if (!codename.equals(suite)) {
            throw new IllegalArgumentException(source + " is for Codename '" + codename + "', but suite '" + suite
                    + "' was requested; check the mirror configuration");
        }
        return this;
    }

    public Optional<IndexFile> file(String path) {
        return Optional.ofNullable(sha256.get(path));
    }
}
