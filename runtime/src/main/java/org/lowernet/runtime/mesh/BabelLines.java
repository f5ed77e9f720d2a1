package org.lowernet.runtime.mesh;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.lowernet.runtime.ip.Cidr;

/**
 * babeld's local-socket protocol, one line at a time ({@code dump} and {@code monitor} answers, babeld's
 * local.c): {@code my-id ID}, and {@code add|change|flush neighbour|route|xroute ENTRY key value ...}; the
 * greeting ({@code BABEL 1.0}, {@code version}, {@code host}), {@code interface} lines and {@code ok} change
 * nothing here. Keeps the tables by babeld's entry id and gives them as a {@link MeshView}. Not thread-safe:
 * one reader feeds it.
 */
final class BabelLines {

    private Optional<RouterId> myId = Optional.empty();
    private final Map<String, MeshView.Neighbour> neighbours = new TreeMap<>();
    private final Map<String, MeshView.Route> routes = new TreeMap<>();
    private final Map<String, MeshView.XRoute> xroutes = new TreeMap<>();

    /** Applies one line; a line of a kind it does not know is left alone; a malformed one fails with its text. */
    void accept(String line) {
        String[] words = line.strip().split("\\s+");
        if (words.length == 2 && words[0].equals("my-id")) {
            myId = Optional.of(parse(line, () -> RouterId.parse(words[1])));
            return;
        }
        if (words.length < 3 || !List.of("add", "change", "flush").contains(words[0])) {
            return;
        }
        String entry = words[2];
        boolean flush = words[0].equals("flush");
        switch (words[1]) {
            case "neighbour" -> update(neighbours, entry, flush, line, f -> new MeshView.Neighbour(entry,
                    text(f, "address"), text(f, "if"), number(f, "rxcost"), number(f, "txcost"), number(f, "cost")));
            case "route" -> update(routes, entry, flush, line, f -> new MeshView.Route(entry, Cidr.parse(text(f, "prefix")),
                    Cidr.parse(text(f, "from")), "yes".equals(text(f, "installed")), RouterId.parse(text(f, "id")),
                    number(f, "metric"), number(f, "refmetric"), text(f, "via"), text(f, "if")));
            case "xroute" -> update(xroutes, entry, flush, line, f -> new MeshView.XRoute(entry,
                    Cidr.parse(text(f, "prefix")), Cidr.parse(text(f, "from")), number(f, "metric")));
            default -> {
                // interface lines: the mesh interfaces are lowernet's own config
            }
        }
    }

    /** Forgets everything: babeld went away, and what it installed with it. */
    void clear() {
        myId = Optional.empty();
        neighbours.clear();
        routes.clear();
        xroutes.clear();
    }

    MeshView view() {
        return new MeshView(myId, List.copyOf(neighbours.values()), List.copyOf(routes.values()),
                List.copyOf(xroutes.values()));
    }

    private interface Maker<T> {
        T make(Map<String, String> fields);
    }

    private static <T> void update(Map<String, T> table, String entry, boolean flush, String line, Maker<T> maker) {
        if (flush) {
            table.remove(entry);
            return;
        }
        String[] words = line.strip().split("\\s+");
        Map<String, String> fields = new HashMap<>();
        // After "verb kind entry", babeld writes key value pairs.
        for (int i = 3; i + 1 < words.length; i += 2) {
            fields.put(words[i], words[i + 1]);
        }
        table.put(entry, parse(line, () -> maker.make(fields)));
    }

    private static String text(Map<String, String> fields, String key) {
        String value = fields.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no " + key);
        }
        return value;
    }

    private static int number(Map<String, String> fields, String key) {
        return Integer.parseInt(text(fields, key));
    }

    private static <T> T parse(String line, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("babeld's line '" + line + "' is not as expected: " + e.getMessage(), e);
        }
    }
}
