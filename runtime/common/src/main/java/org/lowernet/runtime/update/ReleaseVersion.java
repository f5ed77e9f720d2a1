package org.lowernet.runtime.update;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lowernet version such as {@code 0.2.0} or {@code 0.2.0-rc1}, ordered as people read them: numbers as
 * numbers, and a version with a qualifier ({@code -SNAPSHOT}, {@code -rc1}) before the same version without one.
 */
public record ReleaseVersion(String text, List<Integer> numbers, String qualifier)
        implements Comparable<ReleaseVersion> {

    private static final Pattern FORM = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,9}){0,3})(?:-([0-9A-Za-z.]{1,40}))?");

    public ReleaseVersion {
        numbers = List.copyOf(numbers);
    }

    /** @throws IllegalArgumentException when {@code text} is not numbers joined by dots, maybe with -QUALIFIER */
    public static ReleaseVersion parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a version such as 1.2.0 or 1.2.0-rc1");
        }
        List<Integer> numbers = new ArrayList<>();
        for (String number : m.group(1).split("\\.")) {
            numbers.add(Integer.parseInt(number));
        }
        return new ReleaseVersion(text, numbers, m.group(2) == null ? "" : m.group(2));
    }

    @Override
    public int compareTo(ReleaseVersion other) {
        for (int i = 0; i < Math.max(numbers.size(), other.numbers.size()); i++) {
            int a = i < numbers.size() ? numbers.get(i) : 0;
            int b = i < other.numbers.size() ? other.numbers.get(i) : 0;
            if (a != b) {
                return Integer.compare(a, b);
            }
        }
        if (qualifier.isEmpty() || other.qualifier.isEmpty()) {
            return Boolean.compare(qualifier.isEmpty(), other.qualifier.isEmpty());
        }
        return qualifier.compareTo(other.qualifier);
    }

    @Override
    public String toString() {
        return text;
    }
}
