package org.lowernet.image.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.debian.Distribution;
import org.lowernet.runtime.board.Board;
import org.lowernet.runtime.board.BoardException;

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
        assertEquals(List.of("init-system-helpers", "passwd"), boards.notFollowed().names());
        assertTrue(boards.notFollowed().reasons().get("passwd").contains("maintainer script"));
        assertTrue(boards.notFollowed().reasons().get("init-system-helpers").contains("maintainer scripts"));
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

    @Test
    void theRepositoryProfilesCarryTheBoardFactsTheReleaseNeeds() {
        Boards boards = Boards.read(REPO_BOARDS);
        ImageFacts facts = boards.facts();

        assertEquals(List.of("pi3-64bit", "pi4-64bit"), Boards.union(boards.supported(), Board::imagerDevices));
        assertEquals(new Distribution(List.of("trixie", "trixie-updates", "trixie-security"),
                List.of("main", "non-free-firmware"), "arm64"), facts.debian());
        assertEquals(List.of("linux-image-arm64", "raspi-firmware", "openjdk-25-jdk-headless"), facts.parts());
        assertEquals("Router for neighbourhood networks: Raspberry Pi 3, Zero 2 W, 4, 400 (64-bit)",
                facts.imagerDescription());
        Board rpi4 = boards.select(List.of("rpi4")).getFirst();
        assertEquals(Map.of("status", 17, "uplink", 27, "mesh", 22), rpi4.profile().leds());
        assertEquals(Optional.of("eth0"), rpi4.profile().wan());
        assertEquals("ttyS1,115200", rpi4.console());
    }

    /** Every key is checked at build time; each error names file and line, and every profile is read first. */
    @Test
    void everyBadKeyOfEveryProfileIsNamedWithFileAndLine(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("common"));
        Path one = board(dir, "one", "leds.status = 14", "interface.wan = eth0");
        Path two = board(dir, "two", "leds.uplink = 40", "interfaces.lan = eth 1", "leds.stauts = 17");

        String message = assertThrows(BoardException.class, () -> Boards.read(dir)).getMessage();

        assertEquals(List.of(
                one + ":7: leds.status = 14: expected a BCM GPIO number of the 40-pin header from 2 to 27, not 14 or 15"
                        + " (BCM numbers, not header pin numbers: GPIO 17 is header pin 11), found 14, the UART's TXD"
                        + " (header pin 8), which carries the serial console",
                one + ":8: interface.wan = eth0: expected a key lowernet knows, found an unknown key; did you mean"
                        + " interfaces.wan?",
                two + ":7: leds.uplink = 40: expected a BCM GPIO number of the 40-pin header from 2 to 27, not 14 or"
                        + " 15 (BCM numbers, not header pin numbers: GPIO 17 is header pin 11), found 40, which is not on"
                        + " the 40-pin header (GPIO 0 to 27 are)",
                two + ":8: interfaces.lan = eth 1: expected an interface name of 1 to 15 characters without '/', ':'"
                        + " or spaces, such as eth0, found 'eth 1'",
                two + ":9: leds.stauts = 17: expected one of the LED names status, uplink, mesh, found 'stauts'"),
                message.lines().toList());
    }

    @Test
    void anUnsupportedBoardNeedsAReasonAndEmptyValuesMeanNone(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("common"));
        Path conf = board(dir, "unsure", "leds.status =", "interfaces.wan =");
        Files.writeString(conf, Files.readString(conf).replace("supported = true", "supported = false"));

        assertEquals(conf + ":2: supported = false: expected a reason line saying why, with supported = false,"
                + " found no reason", assertThrows(BoardException.class, () -> Boards.read(dir)).getMessage());

        Files.writeString(conf, Files.readString(conf) + "reason = no driver for its SD card\n");
        Board board = Boards.read(dir).all().iterator().next();
        assertEquals(Optional.of("no driver for its SD card"), board.unsupported());
        assertEquals(Map.of(), board.profile().leds());
        assertEquals(Optional.empty(), board.profile().wan());
        assertEquals(List.of(), board.dtbs());
    }

    @Test
    void aBrokenImageConfIsNamedWithLine(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("common"));
        Path conf = dir.resolve("common/image.conf");
        Files.writeString(conf, "debian.suites = trixie\ndebian.component = main\n");

        String message = assertThrows(BoardException.class, () -> Boards.read(dir).facts()).getMessage();

        assertEquals(List.of(conf + ":2: debian.component = main: expected a key lowernet knows, found an unknown key;"
                        + " did you mean debian.components?",
                conf + ": missing debian.architecture, debian.components, imager.description, parts.firmware, parts.jdk,"
                        + " parts.kernel"), message.lines().toList());
    }

    /** A minimal valid board.conf in {@code dir/id}, lines 1 to 6, followed by {@code extra} from line 7 on. */
    private static Path board(Path dir, String id, String... extra) throws IOException {
        Path conf = Files.createDirectories(dir.resolve(id)).resolve("board.conf");
        Files.writeString(conf, String.join("\n", List.of("name = Board " + id, "supported = true",
                "models = Model " + id, "dtbs =", "modules = smsc95xx", "console = ttyS1,115200")) + "\n"
                + String.join("\n", extra) + "\n");
        return conf;
    }
}
