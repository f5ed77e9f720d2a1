package org.lowernet.runtime.board;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.lowernet.runtime.config.ConfigError;
import org.lowernet.runtime.config.Key;
import org.lowernet.runtime.config.KeySchema;
import org.lowernet.runtime.config.Settings;

/** Reads the "key = value" files of the board/ folder: board.conf, and the build's common/image.conf. */
public final class BoardFiles {

    private BoardFiles() {
    }

    /**
     * {@code file} typed by {@code schema}, then checked by {@code rules}; every error, each with file and
     * line, and the {@code required} keys that are missing, in one {@link BoardException}.
     */
    public static Settings read(Path file, KeySchema schema, List<Key<?>> required, Consumer<Settings> rules)
            throws IOException {
        List<ConfigError> errors = new ArrayList<>();
        Settings settings = Settings.read(Files.readAllBytes(file), file.toString(), schema, errors);
        rules.accept(settings);
        List<String> problems = new ArrayList<>(errors.stream().sorted(Comparator.comparingInt(ConfigError::line))
                .map(ConfigError::message).toList());
        List<String> missing = required.stream().filter(k -> settings.get(k).isEmpty() && !settings.failed(k))
                .map(Key::pattern).sorted().toList();
        if (!missing.isEmpty()) {
            problems.add(file + ": missing " + String.join(", ", missing));
        }
        if (!problems.isEmpty()) {
            throw new BoardException(String.join("\n", problems));
        }
        return settings;
    }
}
