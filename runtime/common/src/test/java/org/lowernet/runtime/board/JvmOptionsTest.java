package org.lowernet.runtime.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** board.conf's jvm.* keys: read, checked with file and line, and the heap rule the launcher applies. */
class JvmOptionsTest {

    static final Path ZERO = Path.of("..", "..", "board", "rpizero2w", "board.conf");

    @TempDir
    Path dir;

    /** The Zero 2 W's board.conf with {@code lines} added; the exception's message when it is refused. */
    private String refused(String... lines) throws IOException {
        Path conf = dir.resolve("board.conf");
        Files.writeString(conf, Files.readString(ZERO).replaceAll("(?m)^jvm\\..*\\n", "")
                + String.join("\n", lines) + "\n");
        return assertThrows(BoardException.class, () -> Board.read(conf, "rpizero2w")).getMessage();
    }

    private int lineOf(String text) throws IOException {
        return Files.readAllLines(dir.resolve("board.conf")).indexOf(text) + 1;
    }

    @Test
    void everySupportedBoardSizesItsHeapAndTheZero2WFitsIn512Mb() throws IOException {
        for (String id : List.of("qemu-virt", "rpi3", "rpi4", "rpizero2w")) {
            JvmOptions jvm = Board.read(Path.of("..", "..", "board", id, "board.conf"), id).jvm();
            assertTrue(jvm.heapMinMib() <= jvm.heapMaxMib(), id + ": " + jvm);
            assertTrue(jvm.options().stream().allMatch(o -> o.startsWith("-X")), id + ": " + jvm);
        }
        JvmOptions zero = Board.read(ZERO, "rpizero2w").jvm();
        // 512 MB less the firmware's share: MemTotal ~430 MiB. The heap must leave the root filesystem (RAM),
        // the kernel and the daemons their share.
        assertTrue(zero.heapMib(439_788) <= 96, zero.toString());
    }

    @Test
    void theHeapIsAShareOfMemTotalWithinTheFloorAndTheCap() throws IOException {
        JvmOptions jvm = new JvmOptions(25, 64, 256, List.of());
        assertEquals(107, jvm.heapMib(439_788), "a Pi Zero 2 W, as the launcher has always sized it");
        assertEquals(256, jvm.heapMib(7_999_000), "the cap");
        assertEquals(64, jvm.heapMib(200_000), "the floor");
        Path bare = Files.writeString(dir.resolve("bare.conf"), "name = Bare\nsupported = true\nmodels = Bare\n"
                + "dtbs =\nmodules =\nconsole = ttyS0\n");
        assertEquals(JvmOptions.DEFAULT, Board.read(bare, "bare").jvm(), "no jvm.* keys: the old rule");
    }

    @Test
    void aBadOptionOrHeapIsRefusedWithTheFileAndLine() throws IOException {
        Path conf = dir.resolve("board.conf");

        String quoted = refused("jvm.options = -Xss256k '-XX:Foo=$(reboot)'");
        assertTrue(quoted.startsWith(conf + ":" + lineOf("jvm.options = -Xss256k '-XX:Foo=$(reboot)'")
                + ": jvm.options = -Xss256k '-XX:Foo=$(reboot)': expected a JVM -X or -XX option"), quoted);

        String heap = refused("jvm.options = -Xss256k -Xmx300m");
        assertTrue(heap.contains(":" + lineOf("jvm.options = -Xss256k -Xmx300m") + ": jvm.options = -Xss256k -Xmx300m:"
                + " expected options other than -Xmx (jvm.heap.* sets it)"), heap);
        assertTrue(heap.endsWith("found -Xmx300m"), heap);

        String gc = refused("jvm.options = -XX:+UseG1GC");
        assertTrue(gc.contains("found -XX:+UseG1GC"), gc);
        String oom = refused("jvm.options = -XX:-ExitOnOutOfMemoryError");
        assertTrue(oom.contains("found -XX:-ExitOnOutOfMemoryError"), oom);

        String order = refused("jvm.heap.min = 96", "jvm.heap.max = 48");
        assertTrue(order.startsWith(conf + ":" + lineOf("jvm.heap.max = 48") + ": jvm.heap.max = 48: expected"
                + " jvm.heap.min (96) no higher than jvm.heap.max (48)"), order);

        String floorOverDefaultCap = refused("jvm.heap.min = 300");
        assertTrue(floorOverDefaultCap.startsWith(conf + ":" + lineOf("jvm.heap.min = 300") + ": jvm.heap.min = 300:"
                + " expected jvm.heap.min (300) no higher than jvm.heap.max (256)"), floorOverDefaultCap);

        String percent = refused("jvm.heap.percent = 95");
        assertTrue(percent.contains("jvm.heap.percent = 95: expected a whole number from 5 to 90"), percent);
    }
}
