package org.lowernet.runtime.clock;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A kernel clock for unit tests: stands still at {@link #now}, records every set; refuses when told to. */
final class TestClock implements KernelClock {

    Instant now;
    boolean refuse;
    final List<Instant> sets = new ArrayList<>();

    TestClock(Instant now) {
        this.now = now;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized void set(Instant time) throws IOException {
        if (refuse) {
            throw new IOException("clock_settime(CLOCK_REALTIME, " + time + "): errno 1 (EPERM)");
        }
        sets.add(time);
        now = time;
    }
}
