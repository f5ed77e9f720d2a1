package org.lowernet.image.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoardsTest {

    /** The checked-in board folder, as the build reads it. */
    private static final Path REPO_BOARDS = Path.of("..", "board");

    @Test
    void theRepositoryProfilesCoverTheSupportedPisAndRefuseThePi5() {
        Boards boards = Boards.read(REPO_BOARDS);

        assertEquals(List.of("qemu-virt", "rpi3", "rpi4", "rpizero2w"),
                boards.supported().stream().map(Board::id).toList());
        BoardException pi5 = assertThrows(BoardException.class, () -> boards.select(List.of("rpi5")));
        assertTrue(pi5.getMessage().contains("RP1"), pi5.getMessage());
        assertTrue(boards.all().stream().flatMap(b -> b.dtbs().stream()).toList()
                .containsAll(List.of("bcm2837-rpi-3-b.dtb", "bcm2837-rpi-3-b-plus.dtb", "bcm2837-rpi-3-a-plus.dtb",
                        "bcm2837-rpi-zero-2-w.dtb", "bcm2711-rpi-4-b.dtb", "bcm2711-rpi-400.dtb", "bcm2711-rpi-cm4-io.dtb")));
        assertTrue(boards.commonList("packages").contains("busybox-static"));
    }

    @Test
    void anUnknownBoardIsRefusedWithTheValidNames() {
        BoardException e = assertThrows(BoardException.class, () -> Boards.read(REPO_BOARDS).select(List.of("rpi9")));

        assertEquals("unknown board 'rpi9'; known boards: qemu-virt, rpi3, rpi4, rpizero2w", e.getMessage());
    }

    @Test
    void aProfileMissingKeysNamesFileAndKeys(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("common"));
        Files.createDirectories(dir.resolve("broken"));
        Files.writeString(dir.resolve("broken/board.conf"), "name = Broken\nsupported = true\n");

        BoardException e = assertThrows(BoardException.class, () -> Boards.read(dir));

        assertTrue(e.getMessage().endsWith("broken/board.conf: missing console, dtbs, models, modules"), e.getMessage());
    }

    @Test
    void aMissingCommonFileIsNamed(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("common"));

        BoardException e = assertThrows(BoardException.class, () -> Boards.read(dir).common("config.txt"));

        assertEquals("missing board file " + dir.resolve("common/config.txt"), e.getMessage());
    }
}
