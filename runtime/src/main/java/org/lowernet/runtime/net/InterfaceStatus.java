package org.lowernet.runtime.net;

/** What the last reconcile pass found for one desired interface. */
public record InterfaceStatus(String name, State state, String detail) {

    public enum State {
        /** The kernel matches the desired state. */
        APPLIED,
        /** No such interface (yet): retried when a link event announces it. */
        MISSING,
        /** A change failed; {@code detail} says which and why. */
        FAILED
    }
}
