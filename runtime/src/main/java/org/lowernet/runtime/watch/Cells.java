package org.lowernet.runtime.watch;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/** How values look in the table: short, and safe for a terminal whatever a payload held. */
final class Cells {

    /** Longer text is cut: a name is for recognising a node, not for pushing columns off the screen. */
    static final int MAX_TEXT = 32;
    /** The longest textual IPv6 address, ffff:...:255.255.255.255, is 45 characters. */
    static final int MAX_ADDRESS = 45;

    private Cells() {
    }

    /**
     * {@code text} without control characters (C0, DEL, C1: an ESC in a node's name could rewrite the
     * volunteer's screen) and cut to {@link #MAX_TEXT} characters, the cut marked with '~'.
     */
    static String clean(String text) {
        return clean(text, MAX_TEXT);
    }

    /** As {@link #clean(String)}, cut to {@code max} characters. */
    static String clean(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        text.codePoints().limit(max + 1L).forEach(c -> out.appendCodePoint(Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT ? '?' : c));
        if (out.codePointCount(0, out.length()) > max) {
            out.setLength(out.offsetByCodePoints(0, max - 1));
            out.append('~');
        }
        return out.toString();
    }

    /** "3s ago", "5m ago", "2h ago", "4d ago": the largest whole unit, as a glance needs. */
    static String age(Duration ago) {
        long s = Math.max(0, ago.toSeconds());
        return (s < 60 ? s + "s" : s < 3600 ? s / 60 + "m" : s < 86400 ? s / 3600 + "h" : s / 86400 + "d") + " ago";
    }

    /** An uptime as {@link #uptime(double)} writes it, "-" when unknown. */
    static String uptime(OptionalDouble seconds) {
        return seconds.isPresent() ? uptime(seconds.getAsDouble()) : "-";
    }

    /** A load as {@link #load(double)} writes it, "-" when unknown. */
    static String load(OptionalDouble load) {
        return load.isPresent() ? load(load.getAsDouble()) : "-";
    }

    /**
     * "2, best 96": how many babel neighbours a node has and its cheapest link; "0" when it has none. The MQTT table
     * and the respondd table both write links so.
     */
    static String links(List<Integer> costs) {
        return costs.isEmpty() ? "0" : costs.size() + ", best " + costs.stream().mapToInt(Integer::intValue).min()
                .orElseThrow();
    }

    /** "42s", "5m", "3h 12m", "2d 3h": two units from an hour on. */
    static String uptime(double seconds) {
        if (seconds < 0) {
            return "-";
        }
        long s = (long) seconds;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m";
        }
        if (s < 86400) {
            return s / 3600 + "h " + s % 3600 / 60 + "m";
        }
        return s / 86400 + "d " + s % 86400 / 3600 + "h";
    }

    /** The one-minute load average with two decimals; absurd values (a broken or hostile node) as "-". */
    static String load(double load) {
        return load < 0 || load >= 10_000 ? "-" : String.format(Locale.ROOT, "%.2f", load);
    }
}
