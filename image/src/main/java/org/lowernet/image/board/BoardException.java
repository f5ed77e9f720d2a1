package org.lowernet.image.board;

/** A board profile that is missing, malformed or refused. */
public final class BoardException extends RuntimeException {
    public BoardException(String message) {
        super(message);
    }
}
