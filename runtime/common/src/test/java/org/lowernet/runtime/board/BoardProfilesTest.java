package org.lowernet.runtime.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoardProfilesTest {

    /** The repository's profiles, laid out as the image does. */
    private static Path imageBoards(Path dir) throws IOException {
        Path folder = dir.resolve(BoardProfiles.FOLDER);
        Files.createDirectories(folder);
        for (String id : List.of("qemu-virt", "rpi3", "rpi4", "rpizero2w")) {
            Files.copy(Path.of("..", "..", "board", id, "board.conf"), folder.resolve(id + ".conf"));
        }
        return folder;
    }

    @Test
    void modelsOfTheSupportedBoardsFindTheirProfiles(@TempDir Path dir) throws IOException {
        Path folder = imageBoards(dir);
        List<String> problems = new ArrayList<>();

        assertEquals("rpi3", BoardProfiles.pick(folder, "Raspberry Pi 3 Model B Rev 1.2", problems).id());
        assertEquals("rpi3", BoardProfiles.pick(folder, "Raspberry Pi 3 Model B Plus Rev 1.3", problems).id());
        assertEquals("rpi4", BoardProfiles.pick(folder, "Raspberry Pi 400 Rev 1.0", problems).id());
        assertEquals("rpizero2w", BoardProfiles.pick(folder, "Raspberry Pi Zero 2 W Rev 1.0", problems).id());
        BoardProfile virt = BoardProfiles.pick(folder, "linux,dummy-virt", problems);
        assertEquals("qemu-virt", virt.id());
        assertEquals(Optional.of("eth0"), virt.wan());
        assertEquals(Optional.of("eth1"), virt.lan());
        assertEquals(Optional.of("i6300esb"), virt.watchdog());
        assertEquals(Optional.of("bcm2835_wdt"), BoardProfiles.pick(folder, "Raspberry Pi 4 Model B", problems).watchdog());
        assertEquals(List.of(), problems);
    }

    /** The watchdog's driver must be a module the board loads, and arming needs a driver; each said with its line. */
    @Test
    void aWatchdogDriverOutsideTheModulesOrAnArmWithoutDriverIsRefused(@TempDir Path dir) throws IOException {
        Path folder = imageBoards(dir);
        Path rpi4 = folder.resolve("rpi4.conf");
        String conf = Files.readString(rpi4);
        Files.writeString(rpi4, conf.replace("watchdog.driver = bcm2835_wdt", "watchdog.driver = softdog"));
        int line = Files.readAllLines(rpi4).indexOf("watchdog.driver = softdog") + 1;

        BoardException wrong = org.junit.jupiter.api.Assertions.assertThrows(BoardException.class,
                () -> Board.read(rpi4, "rpi4"));
        assertTrue(wrong.getMessage().startsWith(rpi4 + ":" + line + ": watchdog.driver = softdog: expected a driver"
                + " that modules lists, found softdog is not in modules (line "), wrong.getMessage());

        Files.writeString(rpi4, conf.replace("watchdog.driver = bcm2835_wdt", "watchdog.driver ="));
        BoardException unnamed = org.junit.jupiter.api.Assertions.assertThrows(BoardException.class,
                () -> Board.read(rpi4, "rpi4"));
        assertTrue(unnamed.getMessage().contains("watchdog.arm = true: expected watchdog.driver naming the module"),
                unnamed.getMessage());

        Files.writeString(rpi4, conf.replace("watchdog.arm = true", "watchdog.arm = false"));
        assertEquals(Optional.empty(), Board.read(rpi4, "rpi4").profile().watchdog(), "not armed");
        assertEquals(Optional.of("bcm2835_wdt"), Board.read(rpi4, "rpi4").watchdog(), "but the board has it");
    }

    @Test
    void anUnknownModelGetsNoDefaultsAndSaysSo(@TempDir Path dir) throws IOException {
        List<String> problems = new ArrayList<>();

        BoardProfile board = BoardProfiles.pick(imageBoards(dir), "Some Other Board", problems);

        assertEquals("unknown", board.id());
        assertTrue(board.wan().isEmpty());
        assertEquals(List.of("no board profile matches the model 'Some Other Board'; using no board defaults"), problems);
    }

    /** The device reads with the build's rules: a profile that would not build is skipped, saying where. */
    @Test
    void aBadProfileIsSkippedWithFileAndLine(@TempDir Path dir) throws IOException {
        Path folder = imageBoards(dir);
        Path rpi4 = folder.resolve("rpi4.conf");
        Files.writeString(rpi4, Files.readString(rpi4).replace("interfaces.lan = eth1", "interfaces.lan = eth:1"));
        int line = Files.readAllLines(rpi4).indexOf("interfaces.lan = eth:1") + 1;
        List<String> problems = new ArrayList<>();

        BoardProfile board = BoardProfiles.pick(folder, "Raspberry Pi 4 Model B Rev 1.5", problems);

        assertEquals("unknown", board.id());
        assertEquals(List.of("skipping board profile " + rpi4 + ": " + rpi4 + ":" + line + ": interfaces.lan = eth:1:"
                        + " expected an interface name of 1 to 15 characters without '/', ':' or spaces, such as eth0,"
                        + " found 'eth:1'",
                "no board profile matches the model 'Raspberry Pi 4 Model B Rev 1.5'; using no board defaults"), problems);
    }
}
