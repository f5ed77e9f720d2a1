package org.lowernet.runtime.subsystem;

import java.util.Optional;

/** One part of the running router. An essential subsystem that fails to start stops the start. */
public interface Subsystem {

    String name();

    boolean essential();

    void start() throws Exception;

    void stop() throws Exception;

    /**
     * Why this started subsystem no longer does its job although nobody stopped it (its daemon is no longer
     * supervised, …); empty while it does. The hardware watchdog stops feeding on one, and the board resets.
     */
    default Optional<String> failure() {
        return Optional.empty();
    }
}
