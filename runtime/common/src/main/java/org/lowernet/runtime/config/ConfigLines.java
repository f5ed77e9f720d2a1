package org.lowernet.runtime.config;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The file format, below the meaning of keys: bytes to "key = value" lines. Rules (CONFIG.md, "File
 * format"): UTF-8, an optional BOM, LF or CRLF line ends, whole-line comments and trailing comments
 * after whitespace, every key at most once, at most {@link #MAX_BYTES} bytes. board.conf adds one
 * thing: "key =" with nothing after it is a line (the key's type says whether nothing is allowed).
 */
final class ConfigLines {

    /** Far above any real config (the full default file is about 3 KiB), far below trouble on a Pi. */
    static final int MAX_BYTES = 64 * 1024;
    /** Windows Notepad writes it at the start of "UTF-8" files. */
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** One "key = value" line, both trimmed, the trailing comment removed. */
    record Line(int number, String key, String value) {
    }

    private ConfigLines() {
    }

    /** Splits {@code bytes} into lines, adding every format error to {@code errors}. */
    static List<Line> read(byte[] bytes, String source, boolean emptyValues, List<ConfigError> errors) {
        if (bytes.length > MAX_BYTES) {
            errors.add(tooLarge(source, bytes.length));
            return List.of();
        }
        List<Line> lines = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        int start = startsWithBom(bytes) ? BOM.length : 0;
        int number = 0;
        while (start <= bytes.length) {
            number++;
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            String text = decode(bytes, start, end, source, number, errors);
            start = end + 1;
            if (text == null) {
                continue;
            }
            Line line = split(text, source, number, emptyValues, errors);
            if (line == null) {
                continue;
            }
            Integer first = seen.putIfAbsent(line.key(), number);
            if (first != null) {
                errors.add(new ConfigError(source, number, line.key(), line.value(), "each key at most once",
                        "it already set on line " + first + "; delete or comment out one of them"));
                continue;
            }
            lines.add(line);
        }
        return lines;
    }

    static ConfigError tooLarge(String source, long size) {
        return new ConfigError(source, 0, "", "", "a file of at most " + MAX_BYTES / 1024
                + " KiB; is this the right file?", size + " bytes");
    }

    private static boolean startsWithBom(byte[] bytes) {
        return bytes.length >= BOM.length && bytes[0] == BOM[0] && bytes[1] == BOM[1] && bytes[2] == BOM[2];
    }

    /** The line's text without its CR, or null after reporting bytes that are not UTF-8. */
    private static String decode(byte[] bytes, int start, int end, String source, int number,
                                 List<ConfigError> errors) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, start, end - start);
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(buffer).toString();
            return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        } catch (CharacterCodingException e) {
            errors.add(new ConfigError(source, number, "", "", "text in UTF-8; save the file as UTF-8",
                    "the byte 0x" + String.format("%02X", bytes[buffer.position()] & 0xff) + " at column "
                            + (buffer.position() - start + 1) + ", which is not UTF-8"));
            return null;
        }
    }

    /** The key and value of a line, or null for blank lines, comments and (reported) malformed lines. */
    private static Line split(String text, String source, int number, boolean emptyValues,
                              List<ConfigError> errors) {
        String content = withoutComment(text).strip();
        if (content.isEmpty()) {
            return null;
        }
        int equals = content.indexOf('=');
        if (equals < 0) {
            errors.add(new ConfigError(source, number, "", "", "a line 'key = value', a comment starting with #,"
                    + " or a blank line", "'" + content + "' without '='"));
            return null;
        }
        String key = content.substring(0, equals).strip();
        String value = content.substring(equals + 1).strip();
        if (key.isEmpty()) {
            errors.add(new ConfigError(source, number, "", value, "a key before '='", "nothing"));
            return null;
        }
        if (key.chars().anyMatch(Character::isWhitespace)) {
            errors.add(new ConfigError(source, number, key, value, "a key without spaces", "'" + key + "'"));
            return null;
        }
        if (value.isEmpty() && !emptyValues) {
            errors.add(new ConfigError(source, number, key, "", "a value after '='; to use the default,"
                    + " comment the line out with #", "nothing"));
            return null;
        }
        return new Line(number, key, value);
    }

    /** A '#' at the start of the line or after a space or tab starts a comment. */
    private static String withoutComment(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '#' && (i == 0 || text.charAt(i - 1) == ' ' || text.charAt(i - 1) == '\t')) {
                return text.substring(0, i);
            }
        }
        return text;
    }
}
