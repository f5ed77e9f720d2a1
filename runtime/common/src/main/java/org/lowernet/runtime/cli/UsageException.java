package org.lowernet.runtime.cli;

import java.util.List;

/** A wrong command line: every problem found, one per line; {@link FrontDoor} adds the usage and exits 2. */
public final class UsageException extends Exception {

    private final List<String> problems;

    public UsageException(List<String> problems) {
        super(String.join("\n", problems), null, false, false);
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a usage error needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public UsageException(String problem) {
        this(List.of(problem));
    }

    /** One line per problem, in the order found. */
    public List<String> problems() {
        return problems;
    }
}
