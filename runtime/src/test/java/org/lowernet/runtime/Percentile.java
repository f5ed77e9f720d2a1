package org.lowernet.runtime;

import java.util.Arrays;

/** Nearest-rank percentiles for the benchmarks' samples. */
public final class Percentile {

    private Percentile() {
    }

    /** The {@code p}th percentile (0 is the minimum, 100 the maximum) of {@code values}; 0 when there are none. */
    public static long of(long[] values, int p) {
        if (values.length == 0) {
            return 0;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
