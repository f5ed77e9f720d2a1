package org.lowernet.runtime.led;

/** One LED line: a GPIO output, the ACT LED's sysfs file, or a test's recorder. */
public interface LedOutput extends AutoCloseable {

    /** Lights the LED or puts it out (the electrical level is the output's business). */
    void set(boolean lit);

    /** Releases the line; the default holds nothing. */
    @Override
    default void close() {
    }

    /** Both outputs show the same (the ACT LED mirroring status). */
    static LedOutput both(LedOutput first, LedOutput second) {
        return new LedOutput() {
            @Override
            public void set(boolean lit) {
                first.set(lit);
                second.set(lit);
            }

            @Override
            public void close() {
                try {
                    first.close();
                } finally {
                    second.close();
                }
            }

            @Override
            public String toString() {
                return first + " and " + second;
            }
        };
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
