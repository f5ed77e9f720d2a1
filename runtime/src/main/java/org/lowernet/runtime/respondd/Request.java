package org.lowernet.runtime.respondd;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One respondd request. "GET k1 k2 …" asks for several kinds in one raw-deflated object keyed by kind (yanic);
 * a single word asks for that kind alone, uncompressed (the older form, still answered by Gluon and used by
 * scripts). Kinds lowernet does not know are skipped, as Gluon skips a kind without a provider.
 *
 * @param kinds      the known kinds asked for, in order, without repeats; never empty
 * @param compressed whether the answer is raw-deflated and keyed by kind (the GET form)
 */
public record Request(List<String> kinds, boolean compressed) {

    public Request {
        kinds = List.copyOf(kinds);
    }

    /** Why a datagram is not a request, one word each, as the server counts and logs them. */
    public enum Problem {
        OVERSIZED, NOT_TEXT, UNKNOWN_KIND, EMPTY
    }

    /** The outcome of parsing: a request, or the problem. */
    public record Parsed(Optional<Request> request, Optional<Problem> problem) {
    }

    public static Parsed parse(byte[] datagram, int length) {
        if (length > Respondd.MAX_REQUEST) {
            return failed(Problem.OVERSIZED);
        }
        // Gluon reads the datagram as a C string: a trailing NUL or newline (from echo | nc) is no part of it.
        int end = length;
        while (end > 0 && (datagram[end - 1] == 0 || datagram[end - 1] == '\n' || datagram[end - 1] == '\r')) {
            end--;
        }
        for (int i = 0; i < end; i++) {
            if (datagram[i] < 0x20 || datagram[i] > 0x7e) {
                return failed(Problem.NOT_TEXT);
            }
        }
        String text = new String(datagram, 0, end, StandardCharsets.US_ASCII);
        if (text.isBlank()) {
            return failed(Problem.EMPTY);
        }
        boolean multi = text.startsWith("GET ");
        List<String> kinds = new ArrayList<>();
        if (multi) {
            for (String word : text.substring(4).split(" ")) {
                if (Respondd.KINDS.contains(word) && !kinds.contains(word)) {
                    kinds.add(word);
                }
            }
        } else if (Respondd.KINDS.contains(text)) {
            kinds.add(text);
        }
        return kinds.isEmpty() ? failed(Problem.UNKNOWN_KIND)
                : new Parsed(Optional.of(new Request(kinds, multi)), Optional.empty());
    }

    private static Parsed failed(Problem problem) {
        return new Parsed(Optional.empty(), Optional.of(problem));
    }
}
