package org.lowernet.runtime.led;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one thread every LED change runs on, and the clock it reads: tests inject a manual one and step
 * time themselves, so patterns are checked to the millisecond without sleeping.
 */
public interface LedScheduler extends AutoCloseable {

    /** Wall time: quiet hours are local times of day; patterns use only differences. */
    Clock clock();

    /** Runs {@code task} on the LED thread after {@code delay} (zero: as soon as possible, in order). */
    void schedule(Duration delay, Runnable task);

    @Override
    void close();

    /** A daemon thread named "leds" on the system clock in the device's time zone. */
    static LedScheduler thread(Clock clock) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("leds").factory());
        return new LedScheduler() {
            @Override
            public Clock clock() {
                return clock;
            }

            @Override
            public void schedule(Duration delay, Runnable task) {
                if (!executor.isShutdown()) {
                    executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
                }
            }

            @Override
            public void close() {
                executor.shutdownNow();
            }
        };
    }
}
