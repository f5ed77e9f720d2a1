package org.lowernet.image.build;

/** A build that cannot go on, with a message meant for the person running it. */
public final class BuildException extends RuntimeException {
    public BuildException(String message) {
        super(message);
    }

    public BuildException(String message, Throwable cause) {
        super(message, cause);
    }
}
