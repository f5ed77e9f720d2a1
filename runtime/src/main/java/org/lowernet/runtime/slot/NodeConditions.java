package org.lowernet.runtime.slot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What a node has that an update must not lose: its uplink, mesh neighbours, a connection to its MQTT broker. The
 * runtime keeps the current set in {@link #FILE} (RAM); install-update copies it into the trial, which commits only
 * once it has all of them again.
 */
public final class NodeConditions {

    /** Below the root, in /run (RAM): one line of words. */
    public static final String FILE = "run/lowernet/conditions";
    public static final String UPLINK = "uplink";
    public static final String MESH = "mesh";
    public static final String MQTT = "mqtt";

    private NodeConditions() {
    }

    /** The set the runtime last wrote; empty when it wrote none (not running, or nothing held). */
    public static SortedSet<String> read(Path root) throws IOException {
        Path file = root.resolve(FILE);
        if (!Files.exists(file)) {
            return new TreeSet<>();
        }
        return new TreeSet<>(Arrays.stream(Files.readString(file, StandardCharsets.US_ASCII).strip().split("\\s+"))
                .filter(word -> word.matches("[a-z]+")).toList());
    }

    static void write(Path root, Set<String> conditions) throws IOException {
        Path file = root.resolve(FILE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join(" ", new TreeSet<>(conditions)) + "\n", StandardCharsets.US_ASCII);
    }
}
