package org.lowernet.image.qemu;

import java.util.List;

/** A boot that did not reach its goal; carries the console's last lines, which usually say why. */
public final class QemuBootException extends RuntimeException {

    private final List<String> lastLines;

    public QemuBootException(String message, List<String> lastLines) {
        super(withLines(message, lastLines));
        this.lastLines = List.copyOf(lastLines);
    }

    public QemuBootException(String message, List<String> lastLines, Throwable cause) {
        super(withLines(message, lastLines), cause);
        this.lastLines = List.copyOf(lastLines);
    }

    /** The console lines seen last, oldest first. */
    public List<String> lastLines() {
        return lastLines;
    }

    private static String withLines(String message, List<String> lines) {
        if (lines.isEmpty()) {
            return message;
        }
        return message + "\n--- last " + lines.size() + " console lines ---\n" + String.join("\n", lines);
    }
}
