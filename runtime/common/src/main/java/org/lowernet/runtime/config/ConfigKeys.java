package org.lowernet.runtime.config;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The key registry: every key lowernet.conf may hold. Parsing, "did you mean", CONFIG.md's sync test
 * and check-config all read this list, so a key added to a section's KEYS is known everywhere.
 */
public final class ConfigKeys {

    /** Every key, in the order CONFIG.md documents them. */
    public static final List<Key<?>> ALL = Stream.of(NodeConfig.KEYS, InterfaceRoles.KEYS, LanConfig.KEYS,
            WanConfig.KEYS, LedsConfig.KEYS, SshConfig.KEYS, MqttConfig.KEYS).flatMap(List::stream).toList();

    /** A key found in the registry, with its placeholder text ("" for plain keys). */
    record Match(Key<?> key, String placeholder) {
    }

    private ConfigKeys() {
    }

    /** The registry entry {@code key} belongs to, empty when it is unknown. */
    static Optional<Match> find(String key) {
        for (Key<?> candidate : ALL) {
            Optional<String> placeholder = candidate.match(key);
            if (placeholder.isPresent()) {
                return Optional.of(new Match(candidate, placeholder.get()));
            }
        }
        return Optional.empty();
    }

    /**
     * The known key closest to a misspelt one, if it is close enough to be a typo: an edit distance of at
     * most two fifths of its length (at least 2). Case is ignored, so "LAN.Address" finds lan.address.
     */
    static Optional<String> suggestion(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return ALL.stream().map(k -> k.nearest(lower))
                .filter(candidate -> !candidate.equals(key))
                .map(candidate -> new Candidate(candidate, EditDistance.between(lower, candidate)))
                .filter(c -> c.distance() <= Math.max(2, c.text().length() * 2 / 5))
                .min(Comparator.comparingInt(Candidate::distance))
                .map(Candidate::text);
    }

    private record Candidate(String text, int distance) {
    }
}
