package org.lowernet.image.debian;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One package relation from a Depends, Pre-Depends or Provides field (Debian Policy 7.1):
 * a name, optionally with a version constraint, e.g. {@code libc6 (>= 2.36)}. Architecture
 * qualifiers ({@code :any}, {@code :native}, {@code :arm64}) are dropped: lowernet resolves a single
 * architecture.
 */
public record Relation(String name, Optional<Constraint> constraint) {

    /** The relation operators of Policy 7.1. */
    public enum Op {
        LESS("<<"), LESS_EQUAL("<="), EQUAL("="), GREATER_EQUAL(">="), GREATER(">>");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        static Op of(String symbol, String context) {
            for (Op op : values()) {
                if (op.symbol.equals(symbol)) {
                    return op;
                }
            }
            throw new IllegalArgumentException("unknown relation operator '" + symbol + "' in '" + context
                    + "'; expected one of << <= = >= >>");
        }

        boolean accepts(int comparison) {
            return switch (this) {
                case LESS -> comparison < 0;
                case LESS_EQUAL -> comparison <= 0;
                case EQUAL -> comparison == 0;
                case GREATER_EQUAL -> comparison >= 0;
                case GREATER -> comparison > 0;
            };
        }

        @Override
        public String toString() {
            return symbol;
        }
    }

    public record Constraint(Op op, DebianVersion version) {
        public boolean accepts(DebianVersion candidate) {
            return op.accepts(candidate.compareTo(version));
        }

        @Override
        public String toString() {
            return op + " " + version;
        }
    }

    private static final Pattern RELATION = Pattern.compile(
            "([a-z0-9][a-z0-9+.\\-]*)(?::[a-z0-9\\-]+)?\\s*(?:\\(\\s*([<>=]+)\\s*([^\\s)]+)\\s*\\))?",
            Pattern.CASE_INSENSITIVE);

    public static Relation parse(String text) {
        Matcher m = RELATION.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a package relation: '" + text.strip() + "'");
        }
        Optional<Constraint> constraint = m.group(2) == null
                ? Optional.empty()
                : Optional.of(new Constraint(Op.of(m.group(2), text.strip()), DebianVersion.parse(m.group(3))));
        return new Relation(m.group(1), constraint);
    }

    /**
     * A Depends-style field: comma-separated groups, each a '|'-separated list of alternatives.
     * An empty or blank field gives no groups.
     */
    public static List<List<Relation>> parseDepends(String field) {
        List<List<Relation>> groups = new ArrayList<>();
        for (String group : field.split(",")) {
            if (group.isBlank()) {
                continue;
            }
            List<Relation> alternatives = new ArrayList<>();
            for (String alternative : group.split("\\|")) {
                alternatives.add(parse(alternative));
            }
            groups.add(List.copyOf(alternatives));
        }
        return List.copyOf(groups);
    }

    /** A Provides field: comma-separated relations, each unversioned or with '='. */
    public static List<Relation> parseProvides(String field) {
        List<Relation> provides = new ArrayList<>();
        for (List<Relation> group : parseDepends(field)) {
            if (group.size() != 1) {
                throw new IllegalArgumentException("alternatives are not allowed in Provides: '" + field + "'");
            }
            provides.add(group.getFirst());
        }
        return List.copyOf(provides);
    }

    /** Whether a package of this name and version satisfies the relation. */
    public boolean acceptsVersion(DebianVersion version) {
        return constraint.map(c -> c.accepts(version)).orElse(true);
    }

    @Override
    public String toString() {
        return constraint.map(c -> name + " (" + c + ")").orElse(name);
    }
}
