package org.lowernet.runtime.clock;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.io.IOException;
import java.time.Instant;

/**
 * The kernel's wall clock ({@code CLOCK_REALTIME}). Set with {@code clock_settime(2)} through JNA rather than
 * busybox {@code date -s}: nanoseconds instead of a text in the local time zone parsed to the second, no
 * process to start, and the errno (EPERM without CAP_SYS_TIME) in the error.
 */
public interface KernelClock {

    Instant now();

    /** Sets the wall clock; throws with the reason when the kernel refuses. */
    void set(Instant time) throws IOException;

    /** The machine's clock: only the device's daemon (root {@code /}) uses it. */
    static KernelClock machine() {
        return new Machine();
    }

    /** For a daemon whose root is a test's folder: reads the machine's clock, refuses to set it. */
    static KernelClock leftAlone() {
        return new KernelClock() {
            @Override
            public Instant now() {
                return Instant.now();
            }

            @Override
            public void set(Instant time) throws IOException {
                throw new IOException("not setting the machine's clock to " + time + ": the daemon's root is a "
                        + "test folder, not /");
            }
        };
    }

    /** clock_settime(CLOCK_REALTIME, &timespec); LP64: {@code struct timespec} is two longs. */
    final class Machine implements KernelClock {

        /** {@code CLOCK_REALTIME}, linux/time.h. */
        static final int CLOCK_REALTIME = 0;
        static final int TIMESPEC_SIZE = 16;

        private interface LibC extends Library {
            LibC INSTANCE = Native.load("c", LibC.class);

            int clock_settime(int clock, Memory timespec);
        }

        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public void set(Instant time) throws IOException {
            try (Memory timespec = new Memory(TIMESPEC_SIZE)) {
                timespec.setLong(0, time.getEpochSecond());
                timespec.setLong(8, time.getNano());
                if (LibC.INSTANCE.clock_settime(CLOCK_REALTIME, timespec) < 0) {
                    int errno = Native.getLastError();
                    throw new IOException("clock_settime(CLOCK_REALTIME, " + time + "): errno " + errno
                            + (errno == 1 ? " (EPERM: the runtime lacks CAP_SYS_TIME)" : ""));
                }
            }
        }
    }
}
