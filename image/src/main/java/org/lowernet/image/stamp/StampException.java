package org.lowernet.image.stamp;

import java.util.List;

/**
 * Stamping refused: every problem found, one line each (a config's validator messages, a bad CSV row, a
 * private key given as --ssh-key, an output that exists). Nothing was written when this is thrown.
 */
public final class StampException extends Exception {

    private final List<String> problems;

    public StampException(List<String> problems) {
        super(String.join("\n", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a stamp refusal needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public StampException(String problem) {
        this(List.of(problem));
    }

    /** One line per problem, in the order found. */
    public List<String> problems() {
        return problems;
    }
}
