package org.lowernet.runtime.router;

import java.util.Optional;
import org.lowernet.runtime.subsystem.Subsystem;

/** A subsystem that is one daemon under a {@link Supervisor}: it fails when the supervisor gave up, stops it. */
public interface SupervisedDaemon extends Subsystem {

    /** The daemon's supervisor; null before the start. */
    Supervisor supervisor();

    /** The daemon is no longer supervised: the watchdog resets the board. */
    @Override
    default Optional<String> failure() {
        return supervisor() == null ? Optional.empty() : supervisor().gaveUp();
    }

    /** Under the daemon's lock, so that a stop never races a restart the subsystem does itself (synchronized). */
    @Override
    default void stop() throws InterruptedException {
        synchronized (this) {
            if (supervisor() != null) {
                supervisor().close();
            }
        }
    }
}
