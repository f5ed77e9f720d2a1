package org.lowernet.runtime.config;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When the LEDs dim: never, always, or every day from {@code start} (inclusive) to {@code end}
 * (exclusive) in the device's local time; a window whose end is before its start runs across midnight.
 */
public record QuietHours(Optional<LocalTime> start, Optional<LocalTime> end, boolean always) {

    private static final Pattern WINDOW = Pattern.compile("([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-3]):([0-5][0-9])");

    public static final QuietHours NEVER = new QuietHours(Optional.empty(), Optional.empty(), false);
    public static final QuietHours ALWAYS = new QuietHours(Optional.empty(), Optional.empty(), true);

    public static QuietHours between(LocalTime start, LocalTime end) {
        if (start.equals(end)) {
            throw new IllegalArgumentException("quiet hours from " + start + " to the same time: write always or never");
        }
        return new QuietHours(Optional.of(start), Optional.of(end), false);
    }

    /** "never", "always" or "HH:MM-HH:MM" (24-hour clock). */
    static QuietHours parse(String text) throws InvalidValue {
        String expected = "never, always, or a daily window HH:MM-HH:MM on the 24-hour clock, such as 22:00-07:00";
        if (text.equalsIgnoreCase("never")) {
            return NEVER;
        }
        if (text.equalsIgnoreCase("always")) {
            return ALWAYS;
        }
        Matcher m = WINDOW.matcher(text);
        if (!m.matches()) {
            throw new InvalidValue(expected, "'" + text + "'");
        }
        LocalTime start = LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        LocalTime end = LocalTime.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
        if (start.equals(end)) {
            throw new InvalidValue(expected, "'" + text + "', a window that starts and ends at the same minute");
        }
        return between(start, end);
    }

    public boolean contains(LocalTime time) {
        if (start.isEmpty()) {
            return always;
        }
        LocalTime from = start.get();
        LocalTime to = end.orElseThrow();
        return from.isBefore(to) ? !time.isBefore(from) && time.isBefore(to) : !time.isBefore(from) || time.isBefore(to);
    }

    /** The next moment after {@code now} at which {@link #contains} changes; empty for never and always. */
    public Optional<LocalDateTime> nextChange(LocalDateTime now) {
        if (start.isEmpty()) {
            return Optional.empty();
        }
        LocalDateTime a = next(now, start.get());
        LocalDateTime b = next(now, end.orElseThrow());
        return Optional.of(a.isBefore(b) ? a : b);
    }

    private static LocalDateTime next(LocalDateTime now, LocalTime at) {
        LocalDateTime today = now.toLocalDate().atTime(at);
        return today.isAfter(now) ? today : today.plusDays(1);
    }

    @Override
    public String toString() {
        return start.isEmpty() ? (always ? "always" : "never") : start.get() + "-" + end.orElseThrow();
    }
}
