package org.lowernet.runtime.update;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * {@code slots.txt} on the boot partition: which system slot is committed, which one is on trial and how often the
 * first stage has booted it, each slot's version and the last update's result. The builder writes the first one,
 * the first stage's init script counts trial boots and rolls back (it writes the same lines), the runtime marks a
 * trial and commits it. Unknown lines are dropped; a file without a {@code committed=} line is not a state.
 *
 * @param tries trial boots the first stage has started (0 before the first)
 */
public record SlotState(Slot committed, Map<Slot, String> versions, Optional<Trial> trial, Optional<String> result) {

    public static final String FILE = "slots.txt";
    /** Written and synced before it replaces {@link #FILE}: whole if a power cut took the other. */
    public static final String NEW_FILE = "slots.new";
    static final String HEADER = "# Which system boots (system-a or system-b on this partition). Written by lowernet: do not edit.";

    /** The two system files on the boot partition. */
    public enum Slot {
        A, B;

        public String letter() {
            return name().toLowerCase(Locale.ROOT);
        }

        public String fileName() {
            return "system-" + letter();
        }

        public Slot other() {
            return this == A ? B : A;
        }

        public static Slot of(String letter) {
            return switch (letter) {
                case "a" -> A;
                case "b" -> B;
                default -> throw new IllegalArgumentException("a slot is a or b, not \"" + letter + "\"");
            };
        }
    }

    /**
     * A slot written by an update and not yet committed.
     *
     * @param seconds how long the system on trial may run without committing before its guard restarts it
     * @param expect  what the node had when the update came (uplink, mesh, mqtt): the trial commits only with them
     */
    public record Trial(Slot slot, int tries, int maxTries, int seconds, SortedSet<String> expect) {
        public Trial {
            if (tries < 0 || maxTries < 1 || seconds < 1) {
                throw new IllegalArgumentException("a trial needs tries >= 0, max_tries >= 1 and trial_seconds >= 1");
            }
            expect = Collections.unmodifiableSortedSet(new TreeSet<>(expect));
            if (expect.stream().anyMatch(word -> !word.matches("[a-z]+"))) {
                throw new IllegalArgumentException("expect= takes lowercase words, not " + expect);
            }
        }
    }

    public SlotState {
        versions = Map.copyOf(versions);
        if (trial.isPresent() && trial.get().slot() == committed) {
            throw new IllegalArgumentException("the committed slot " + committed.letter() + " cannot be on trial");
        }
        result.ifPresent(text -> {
            if (text.contains("\n")) {
                throw new IllegalArgumentException("a result is one line");
            }
        });
    }

    /** A new card: system-a holds {@code version}. */
    public static SlotState initial(String version) {
        return new SlotState(Slot.A, Map.of(Slot.A, version), Optional.empty(), Optional.empty());
    }

    public Optional<String> version(Slot slot) {
        return Optional.ofNullable(versions.get(slot));
    }

    /** {@code slot} written with {@code version}, on trial from the next boot; the last result is kept. */
    public SlotState withTrial(Slot slot, String version, int maxTries, int seconds, Set<String> expect) {
        Map<Slot, String> newVersions = new EnumMap<>(Slot.class);
        newVersions.putAll(versions);
        newVersions.put(slot, version);
        return new SlotState(committed, newVersions,
                Optional.of(new Trial(slot, 0, maxTries, seconds, new TreeSet<>(expect))), result);
    }

    /** The trial slot committed: it boots from now on. */
    public SlotState committingTrial(String result) {
        Trial on = trial.orElseThrow(() -> new IllegalStateException("no slot is on trial"));
        return new SlotState(on.slot(), versions, Optional.empty(), Optional.of(result));
    }

    public String text() {
        List<String> lines = new ArrayList<>(List.of(HEADER, "committed=" + committed.letter()));
        for (Slot slot : Slot.values()) {
            version(slot).ifPresent(version -> lines.add("version_" + slot.letter() + "=" + version));
        }
        trial.ifPresent(t -> {
            lines.addAll(List.of("trial=" + t.slot().letter(), "tries=" + t.tries(), "max_tries=" + t.maxTries(),
                    "trial_seconds=" + t.seconds()));
            if (!t.expect().isEmpty()) {
                lines.add("expect=" + String.join(",", t.expect()));
            }
        });
        result.ifPresent(text -> lines.add("result=" + text));
        return String.join("\n", lines) + "\n";
    }

    /** @throws IllegalArgumentException naming the line when the text is not a state */
    public static SlotState parse(String text) {
        Map<String, String> values = new java.util.HashMap<>();
        for (String line : text.split("\n", -1)) {
            int equals = line.indexOf('=');
            if (!line.startsWith("#") && equals > 0) {
                values.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
            }
        }
        if (!values.containsKey("committed")) {
            throw new IllegalArgumentException("no committed= line");
        }
        Slot committed = Slot.of(values.get("committed"));
        Map<Slot, String> versions = new EnumMap<>(Slot.class);
        for (Slot slot : Slot.values()) {
            String version = values.get("version_" + slot.letter());
            if (version != null && !version.isEmpty()) {
                versions.put(slot, version);
            }
        }
        Optional<Trial> trial = Optional.ofNullable(values.get("trial")).filter(t -> !t.isEmpty())
                .map(Slot::of).filter(slot -> slot != committed)
                .map(slot -> new Trial(slot, number(values, "tries", 0), number(values, "max_tries", 3),
                        number(values, "trial_seconds", 1800), words(values.getOrDefault("expect", ""))));
        Optional<String> result = Optional.ofNullable(values.get("result")).filter(r -> !r.isEmpty());
        return new SlotState(committed, versions, trial, result);
    }

    private static SortedSet<String> words(String list) {
        SortedSet<String> words = new TreeSet<>();
        for (String word : list.split(",")) {
            if (!word.isBlank()) {
                words.add(word.strip());
            }
        }
        return words;
    }

    private static int number(Map<String, String> values, String key, int fallback) {
        String value = values.get(key);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + value + " is not a number");
        }
    }
}
