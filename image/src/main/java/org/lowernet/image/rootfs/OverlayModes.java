package org.lowernet.image.rootfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * The modes of overlay files, from {@code overlay/.modes}: lines {@code MODE GLOB}, first match wins,
 * default 0644. A checkout's own modes are not trusted: they differ between operating systems.
 */
public final class OverlayModes {

    private static final int DEFAULT = 0644;

    private record Rule(int mode, PathMatcher glob) {
    }

    private final List<Rule> rules;

    private OverlayModes(List<Rule> rules) {
        this.rules = rules;
    }

    public static OverlayModes read(Path file) throws IOException {
        List<Rule> rules = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return new OverlayModes(rules);
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceFirst("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length != 2 || !parts[0].matches("0?[0-7]{3,4}")) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected 'MODE GLOB' such as '0755 etc/init.d/*', found '" + line + "'");
            }
            rules.add(new Rule(Integer.parseInt(parts[0], 8), FileSystems.getDefault().getPathMatcher("glob:" + parts[1])));
        }
        return new OverlayModes(rules);
    }

    public int modeOf(String path) {
        return rules.stream().filter(r -> r.glob().matches(Path.of(path))).findFirst().map(Rule::mode).orElse(DEFAULT);
    }
}
