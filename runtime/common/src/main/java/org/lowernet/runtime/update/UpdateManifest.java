package org.lowernet.runtime.update;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What an update bundle holds, the part of it that is signed: the lowernet version, the architecture, the
 * boards it was built for, and each part (the system, boot files) with its size, its SHA-256 and the SHA-256 of
 * each of its pieces. Written as lines of text, one form only ({@link #text()}), so that the signed bytes are
 * the ones parsed.
 *
 * @param pieceSize bytes per piece; a part's last piece may be shorter
 */
public record UpdateManifest(ReleaseVersion version, String architecture, List<String> boards, int pieceSize,
        List<Part> parts) {

    static final String HEADER = "lowernet-update-manifest 1";
    /** A piece of a megabyte: small enough to fetch again, few enough to list (a 60 MB update has 60). */
    public static final int PIECE_SIZE = 1 << 20;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");
    /** A boot partition path: up to four segments, none starting with a dot (so never ".."). */
    private static final Pattern NAME = Pattern.compile(
            "[A-Za-z0-9][A-Za-z0-9._+-]{0,127}(/[A-Za-z0-9][A-Za-z0-9._+-]{0,127}){0,3}");

    /** What a part is for. */
    public enum Role {
        /** The root filesystem the node runs (a compressed cpio). */
        SYSTEM,
        /** A file of the boot partition: the kernel, a device tree, firmware. */
        BOOT;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One part: {@code name} is its file name on the boot partition. */
    public record Part(Role role, String name, long size, String sha256, List<String> pieces) {

        public Part {
            pieces = List.copyOf(pieces);
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not a usable part name (a boot partition path"
                        + " of letters, digits and . _ + -)");
            }
            if (size < 0 || !SHA256.matcher(sha256).matches()) {
                throw new IllegalArgumentException(name + ": a size of 0 or more and a SHA-256 of 64 hex digits");
            }
            pieces.forEach(p -> {
                if (!SHA256.matcher(p).matches()) {
                    throw new IllegalArgumentException(name + ": a piece's SHA-256 is not 64 hex digits");
                }
            });
        }

        /** The size of piece {@code index} for pieces of {@code pieceSize}. */
        long pieceBytes(int index, int pieceSize) {
            return Math.min(pieceSize, size - (long) index * pieceSize);
        }
    }

    public UpdateManifest {
        boards = List.copyOf(boards);
        parts = List.copyOf(parts);
        if (!WORD.matcher(architecture).matches()) {
            throw new IllegalArgumentException("'" + architecture + "' is not an architecture");
        }
        if (boards.isEmpty() || boards.stream().anyMatch(b -> !WORD.matcher(b).matches())) {
            throw new IllegalArgumentException("boards " + boards + ": one or more board ids");
        }
        if (pieceSize < 4096 || pieceSize > (64 << 20)) {
            throw new IllegalArgumentException("a piece size of " + pieceSize + " bytes: 4 KiB to 64 MiB");
        }
        List<String> names = new ArrayList<>();
        for (Part part : parts) {
            if (names.contains(part.name())) {
                throw new IllegalArgumentException("two parts named " + part.name());
            }
            names.add(part.name());
            long expected = part.size() == 0 ? 0 : (part.size() - 1) / pieceSize + 1;
            if (part.pieces().size() != expected) {
                throw new IllegalArgumentException(part.name() + ": " + part.pieces().size() + " pieces for "
                        + part.size() + " bytes, " + expected + " expected at " + pieceSize + " bytes each");
            }
        }
        if (parts.stream().filter(p -> p.role() == Role.SYSTEM).count() != 1) {
            throw new IllegalArgumentException("an update has exactly one system part");
        }
    }

    /** The part with {@code role} SYSTEM. */
    public Part system() {
        return parts.stream().filter(p -> p.role() == Role.SYSTEM).findFirst().orElseThrow();
    }

    /** The sum of the parts' sizes. */
    public long bytes() {
        return parts.stream().mapToLong(Part::size).sum();
    }

    /** The one text of this manifest: what is signed. */
    public String text() {
        StringBuilder text = new StringBuilder(HEADER).append('\n')
                .append("version ").append(version.text()).append('\n')
                .append("architecture ").append(architecture).append('\n')
                .append("boards ").append(String.join(",", boards)).append('\n')
                .append("piece_size ").append(pieceSize).append('\n');
        for (Part part : parts) {
            text.append("part ").append(part.role().word()).append(' ').append(part.name()).append(' ')
                    .append(part.size()).append(' ').append(part.sha256()).append('\n');
            part.pieces().forEach(p -> text.append("piece ").append(p).append('\n'));
        }
        return text.toString();
    }

    public byte[] bytesToSign() {
        return text().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads {@link #text()}'s form back: exactly it (the same lines in the same order), else an error naming the
     * line.
     */
    public static UpdateManifest parse(String text) {
        List<String> lines = text.lines().toList();
        Cursor at = new Cursor(lines);
        at.expectLine(HEADER);
        String version = at.value("version");
        String architecture = at.value("architecture");
        String boards = at.value("boards");
        String pieceSize = at.value("piece_size");
        try {
            List<Part> parts = new ArrayList<>();
            while (at.more()) {
                String[] words = at.words("part", 5);
                Role role = switch (words[1]) {
                    case "system" -> Role.SYSTEM;
                    case "boot" -> Role.BOOT;
                    default -> throw at.errorInLast("a part's role is system or boot, not '" + words[1] + "'");
                };
                List<String> pieces = new ArrayList<>();
                while (at.more() && at.peek().startsWith("piece ")) {
                    pieces.add(at.words("piece", 2)[1]);
                }
                parts.add(new Part(role, words[2], Long.parseLong(words[3]), words[4], pieces));
            }
            UpdateManifest manifest = new UpdateManifest(ReleaseVersion.parse(version), architecture,
                    List.of(boards.split(",", -1)), Integer.parseInt(pieceSize), parts);
            if (!manifest.text().equals(text)) {
                throw new IllegalArgumentException("manifest: not in its one form (a number with a leading zero, a"
                        + " missing last newline)");
            }
            return manifest;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("manifest: a number is not one: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("manifest") ? e : new IllegalArgumentException("manifest: " + e.getMessage());
        }
    }

    /** Reading lines in order. */
    private static final class Cursor {

        private final List<String> lines;
        private int next;

        Cursor(List<String> lines) {
            this.lines = lines;
        }

        boolean more() {
            return next < lines.size();
        }

        String peek() {
            return lines.get(next);
        }

        void expectLine(String line) {
            if (!more() || !peek().equals(line)) {
                throw error("expected '" + line + "'");
            }
            next++;
        }

        String value(String key) {
            return words(key, 2)[1];
        }

        String[] words(String key, int count) {
            if (!more()) {
                throw error("expected a line '" + key + " ...', the manifest ended");
            }
            String[] words = peek().split(" ", -1);
            if (!words[0].equals(key) || words.length != count) {
                throw error("expected '" + key + "' with " + (count - 1) + " value(s)");
            }
            next++;
            return words;
        }

        IllegalArgumentException error(String message) {
            return new IllegalArgumentException("manifest line " + (next + 1) + ": " + message);
        }

        /** An error in the line just read. */
        IllegalArgumentException errorInLast(String message) {
            return new IllegalArgumentException("manifest line " + next + ": " + message);
        }
    }
}
