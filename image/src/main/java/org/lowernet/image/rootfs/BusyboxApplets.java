package org.lowernet.image.rootfs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Busybox's applet names, read from the binary itself: the build cannot run an arm64 busybox to ask
 * {@code busybox --list}. Busybox keeps its names as one table of NUL-terminated strings in sorted order,
 * starting with "[" and "[[" (applet_tables.h), ending at a double NUL.
 */
public final class BusyboxApplets {

    private static final byte[] TABLE_START = "[\0[[\0".getBytes(StandardCharsets.US_ASCII);
    /** A table shorter than this is not busybox's: every build has init, sh, mount and more. */
    private static final int MIN_APPLETS = 20;

    private BusyboxApplets() {
    }

    public static List<String> read(byte[] busybox) {
        int start = indexOf(busybox, TABLE_START);
        if (start < 0) {
            throw new IllegalArgumentException("no applet table in the busybox binary (no \"[\\0[[\\0\")");
        }
        List<String> names = new ArrayList<>();
        int at = start;
        while (at < busybox.length && busybox[at] != 0) {
            int end = at;
            while (end < busybox.length && busybox[end] != 0) {
                end++;
            }
            names.add(new String(busybox, at, end - at, StandardCharsets.US_ASCII));
            at = end + 1;
        }
        if (names.size() < MIN_APPLETS || !names.contains("init") || !names.contains("sh")) {
            throw new IllegalArgumentException("the busybox applet table looks wrong: " + names.size() + " names");
        }
        return List.copyOf(names);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
