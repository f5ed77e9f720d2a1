package org.lowernet.image.jre;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The most the linked JRE may weigh. The JRE is most of the system, which each of the boot partition's two
 * slots holds; a JRE that suddenly grows (Debian's 25.0.5 jmods carried 600 MiB of native debug files) must
 * stop the build, not overflow the boot partition three steps later with a message about FAT.
 *
 * @param bytes the limit, in bytes of file content
 */
public record JreBudget(long bytes) {

    /**
     * lowernet's JRE (java.base, logging, management, jdk.unsupported) is ~50 MiB, its modules file
     * uncompressed (the squashfs compresses it).
     */
    public static final JreBudget DEFAULT = new JreBudget(60L << 20);

    /** How many of the largest files a breach names. */
    static final int NAMED = 5;

    public JreBudget {
        if (bytes <= 0) {
            throw new IllegalArgumentException("JRE budget must be positive: " + bytes);
        }
    }

    /** Throws a {@link JreException} naming the largest files when their total exceeds the budget. */
    public void check(Map<String, Long> sizes) {
        long total = sizes.values().stream().mapToLong(Long::longValue).sum();
        if (total <= bytes) {
            return;
        }
        String largest = sizes.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(NAMED)
                .map(e -> e.getKey() + " " + mib(e.getValue()))
                .collect(Collectors.joining(", "));
        throw new JreException("the linked JRE is " + mib(total) + ", over its budget of " + mib(bytes)
                + "; largest files: " + largest + ". If the JDK package now ships a new kind of file the device"
                + " never runs, exclude it in JreLinker; if the JRE really must grow, raise JreBudget knowingly");
    }

    private static String mib(long size) {
        return String.format(Locale.ROOT, "%.1f MiB", size / 1048576.0);
    }
}
