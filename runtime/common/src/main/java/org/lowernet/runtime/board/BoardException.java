package org.lowernet.runtime.board;

/** A board profile that is missing, malformed or refused; the message names file and line of each error. */
public final class BoardException extends RuntimeException {
    public BoardException(String message) {
        super(message);
    }
}
