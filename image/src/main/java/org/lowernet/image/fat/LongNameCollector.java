package org.lowernet.image.fat;

import java.nio.ByteBuffer;

/**
 * Gathers the long-name entries that precede a short entry (fatgen103, section 7): they arrive last
 * part first, numbered down to 1, each carrying the short name's checksum. Anything out of sequence
 * makes the long name void, and the short name is used, as the specification asks.
 */
final class LongNameCollector {

    private static final int ORDINAL_MASK = 0x1F;

    private char[] chars;
    private int expected;
    private int checksum;

    void reset() {
        chars = null;
        expected = 0;
    }

    void add(ByteBuffer dir, int at) {
        int ord = dir.get(at + DirectoryEntry.LDIR_ORD) & 0xFF;
        int sum = dir.get(at + DirectoryEntry.LDIR_CHKSUM) & 0xFF;
        int number = ord & ORDINAL_MASK;
        if ((ord & DirectoryEntry.LAST_LONG_ENTRY) != 0) {
            chars = new char[number * DirectoryEntry.CHARS_PER_LONG_ENTRY];
            checksum = sum;
        } else if (chars == null || number != expected - 1 || sum != checksum) {
            reset();
            return;
        }
        if (number == 0) {
            reset();
            return;
        }
        expected = number;
        for (int i = 0; i < DirectoryEntry.CHARS_PER_LONG_ENTRY; i++) {
            chars[(number - 1) * DirectoryEntry.CHARS_PER_LONG_ENTRY + i] =
                    dir.getChar(at + DirectoryEntry.LONG_CHAR_OFFSETS[i]);
        }
    }

    /** The complete long name if it belongs to the short entry with {@code shortChecksum}, else null. */
    String take(int shortChecksum) {
        String name = null;
        if (chars != null && expected == 1 && checksum == shortChecksum) {
            int end = 0;
            while (end < chars.length && chars[end] != 0 && chars[end] != 0xFFFF) {
                end++;
            }
            name = new String(chars, 0, end);
        }
        reset();
        return name;
    }
}
