package org.lowernet.runtime.config;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The keys a "key = value" file may hold, and how it is written: lowernet.conf's ({@link ConfigKeys#SCHEMA})
 * and board.conf's share the format, the typing and the error reports, so both name file, line and a
 * "did you mean" for a misspelt key.
 *
 * @param reference   where people read about the keys, named in the error for an unknown key
 * @param emptyValues whether "key =" is a value (board.conf: "none", typed by the key) or an error
 *                    (lowernet.conf: comment the line out to get the default)
 * @param keys        every key, in documentation order
 */
public record KeySchema(String reference, boolean emptyValues, List<Key<?>> keys) {

    /** A key found in the schema, with its placeholder text ("" for plain keys). */
    record Match(Key<?> key, String placeholder) {
    }

    public KeySchema {
        keys = List.copyOf(keys);
    }

    /** The entry {@code key} belongs to, empty when it is unknown. */
    Optional<Match> find(String key) {
        for (Key<?> candidate : keys) {
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
    Optional<String> suggestion(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return keys.stream().map(k -> k.nearest(lower))
                .filter(candidate -> !candidate.equals(key))
                .map(candidate -> new Candidate(candidate, EditDistance.between(lower, candidate)))
                .filter(c -> c.distance() <= Math.max(2, c.text().length() * 2 / 5))
                .min(Comparator.comparingInt(Candidate::distance))
                .map(Candidate::text);
    }

    private record Candidate(String text, int distance) {
    }
}
