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
        assertEquals(List.of(), problems);
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
