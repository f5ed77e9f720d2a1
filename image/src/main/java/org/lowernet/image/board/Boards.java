package org.lowernet.image.board;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.lowernet.image.debian.NotFollowed;
import org.lowernet.runtime.board.Board;
import org.lowernet.runtime.board.BoardException;

/** The {@code board/} folder: every board profile plus the files all boards share in {@code common/}. */
public final class Boards {

    private final Path folder;
    private final Map<String, Board> boards;

    private Boards(Path folder, Map<String, Board> boards) {
        this.folder = folder;
        this.boards = boards;
    }

    /**
     * Reads every {@code board/<id>/board.conf}, all of them before failing: one BoardException names
     * every error of every profile, each with file and line.
     */
    public static Boards read(Path folder) {
        if (!Files.isDirectory(folder.resolve("common"))) {
            throw new BoardException("no board folder at " + folder + " (expected " + folder.resolve("common") + ")");
        }
        Map<String, Board> boards = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path conf : entries.map(d -> d.resolve("board.conf")).filter(Files::isRegularFile).sorted().toList()) {
                try {
                    Board board = Board.read(conf, conf.getParent().getFileName().toString());
                    boards.put(board.id(), board);
                } catch (BoardException e) {
                    problems.add(e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading board profiles in " + folder, e);
        }
        if (!problems.isEmpty()) {
            throw new BoardException(String.join("\n", problems));
        }
        return new Boards(folder, boards);
    }

    public Collection<Board> all() {
        return boards.values();
    }

    public List<Board> supported() {
        return boards.values().stream().filter(Board::supported).toList();
    }

    /**
     * The boards named by the user, or every supported board when none is named. An unknown or
     * unsupported board is refused with the reason and the valid names.
     */
    public List<Board> select(List<String> ids) {
        if (ids.isEmpty()) {
            return supported();
        }
        List<Board> chosen = new ArrayList<>();
        for (String id : ids) {
            Board board = boards.get(id);
            if (board == null) {
                throw new BoardException("unknown board '" + id + "'; known boards: "
                        + String.join(", ", supported().stream().map(Board::id).toList()));
            }
            board.unsupported().ifPresent(reason -> {
                throw new BoardException("board '" + id + "' (" + board.name() + ") is not supported: " + reason);
            });
            chosen.add(board);
        }
        return chosen;
    }

    /** What every image is built from and how it presents itself: {@code common/image.conf}. */
    public ImageFacts facts() {
        try {
            return ImageFacts.read(common(ImageFacts.FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + common(ImageFacts.FILE), e);
        }
    }

    /**
     * The packages a dependency names that the image never installs: {@code common/packages-not-followed}.
     * Its errors, each with file and line, are one IllegalArgumentException.
     */
    public NotFollowed notFollowed() {
        Path file = common(NotFollowed.FILE);
        try {
            return NotFollowed.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    /** A file of {@code common/}, such as {@code config.txt}. */
    public Path common(String name) {
        Path file = folder.resolve("common").resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new BoardException("missing board file " + file);
        }
        return file;
    }

    /** The non-comment words of a list file in {@code common/} (one or more per line, '#' comments). */
    public List<String> commonList(String name) {
        try {
            return Files.readAllLines(common(name), StandardCharsets.UTF_8).stream()
                    .map(line -> line.replaceFirst("#.*", "").strip())
                    .filter(line -> !line.isEmpty())
                    .flatMap(line -> Arrays.stream(line.split("\\s+")))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + common(name), e);
        }
    }

    /** Union, in first-seen order, of a list over the given boards. */
    public static List<String> union(List<Board> boards, Function<Board, List<String>> list) {
        Set<String> all = new LinkedHashSet<>();
        boards.forEach(b -> all.addAll(list.apply(b)));
        return List.copyOf(all);
    }
}
