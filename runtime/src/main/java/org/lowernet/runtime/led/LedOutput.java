package org.lowernet.runtime.led;

/** One LED line: a GPIO output, the ACT LED's sysfs file, or a test's recorder. */
public interface LedOutput extends AutoCloseable {

    /** Lights the LED or puts it out (the electrical level is the output's business). */
    void set(boolean lit);

    /** Releases the line; the default holds nothing. */
    @Override
    default void close() {
    }

    /** An output wired active-low (LED between the pin and 3.3 V): lit is a low level. */
    static LedOutput activeLow(LedOutput line) {
        return new LedOutput() {
            @Override
            public void set(boolean lit) {
                line.set(!lit);
            }

            @Override
            public void close() {
                line.close();
            }

            @Override
            public String toString() {
                return line + " (active low)";
            }
        };
    }
}
