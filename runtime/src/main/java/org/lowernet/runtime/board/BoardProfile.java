package org.lowernet.runtime.board;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What the runtime needs of a board profile.
 *
 * @param wan the interface that is the uplink unless lowernet.conf says otherwise
 * @param lan the interface that serves the neighbourhood unless lowernet.conf says otherwise
 */
public record BoardProfile(String id, String name, List<String> models, Optional<String> wan, Optional<String> lan) {

    /** Used when no profile matches: nothing assumed about interfaces. */
    public static BoardProfile unknown(String model) {
        return new BoardProfile("unknown", model, List.of(), Optional.empty(), Optional.empty());
    }

    public BoardProfile {
        models = List.copyOf(models);
    }

    public boolean matches(String model) {
        return models.stream().anyMatch(model::startsWith);
    }

    /** Reads {@code <id>.conf} (the board.conf format of the repository's board/ folder). */
    public static BoardProfile read(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        String id = file.getFileName().toString().replaceFirst("\\.conf$", "");
        return new BoardProfile(id, p.getProperty("name", id).strip(),
                Arrays.stream(p.getProperty("models", "").split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList(),
                word(p, "interfaces.wan"), word(p, "interfaces.lan"));
    }

    private static Optional<String> word(Properties p, String key) {
        return Optional.ofNullable(p.getProperty(key)).map(String::strip).filter(s -> !s.isEmpty());
    }
}
