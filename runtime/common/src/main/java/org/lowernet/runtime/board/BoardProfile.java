package org.lowernet.runtime.board;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the runtime needs of a board profile.
 *
 * @param wan the interface that is the uplink unless lowernet.conf says otherwise
 * @param lan the interface that serves the neighbourhood unless lowernet.conf says otherwise
 * @param leds LED name (status, uplink, mesh) to its default BCM GPIO; LEDs the board gives no pin are absent
 */
public record BoardProfile(String id, String name, List<String> models, Optional<String> wan, Optional<String> lan,
                           SortedMap<String, Integer> leds) {

    /** The LEDs a board.conf may name ({@code leds.<name> = GPIO}). */
    private static final List<String> LED_NAMES = List.of("status", "uplink", "mesh");

    /** Used when no profile matches: nothing assumed about interfaces. */
    public static BoardProfile unknown(String model) {
        return new BoardProfile("unknown", model, List.of(), Optional.empty(), Optional.empty(), new TreeMap<>());
    }

    public BoardProfile {
        models = List.copyOf(models);
        leds = Collections.unmodifiableSortedMap(new TreeMap<>(leds));
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
                word(p, "interfaces.wan"), word(p, "interfaces.lan"), leds(p, file));
    }

    private static SortedMap<String, Integer> leds(Properties p, Path file) throws IOException {
        SortedMap<String, Integer> leds = new TreeMap<>();
        for (String led : LED_NAMES) {
            Optional<String> gpio = word(p, "leds." + led);
            if (gpio.isPresent()) {
                if (!gpio.get().matches("[0-9]{1,2}")) {
                    throw new IOException(file + ": leds." + led + " = " + gpio.get()
                            + ": expected a BCM GPIO number or nothing");
                }
                leds.put(led, Integer.parseInt(gpio.get()));
            }
        }
        return leds;
    }

    private static Optional<String> word(Properties p, String key) {
        return Optional.ofNullable(p.getProperty(key)).map(String::strip).filter(s -> !s.isEmpty());
    }
}
