package org.lowernet.image.jre;

/** The JRE could not be linked. */
public final class JreException extends RuntimeException {
    public JreException(String message) {
        super(message);
    }
}
