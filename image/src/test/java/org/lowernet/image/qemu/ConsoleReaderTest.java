package org.lowernet.image.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ConsoleReaderTest {

    @Test
    void dropsCarriageReturnsAndTerminalQueries() {
        assertEquals("~ # echo hi", ConsoleReader.clean("~ # \u001B[6necho hi\r"));
        assertEquals("plain", ConsoleReader.clean("\u001B[0;32mplain\u001B[0m"));
    }

    @Test
    void deliversEveryLineInOrderThenTheEndAndKeepsTheLastForty() throws InterruptedException {
        String text = String.join("\r\n", IntStream.rangeClosed(1, 100).mapToObj(i -> "line " + i).toList());
        List<String> heard = new CopyOnWriteArrayList<>();
        ConsoleReader reader = new ConsoleReader(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), heard::add, "test-console");

        for (int i = 1; i <= 100; i++) {
            ConsoleReader.Event event = reader.next(TimeUnit.SECONDS.toNanos(5));
            assertEquals(new ConsoleReader.Event.Line("line " + i), event);
        }
        ConsoleReader.Event.End end = assertInstanceOf(ConsoleReader.Event.End.class,
                reader.next(TimeUnit.SECONDS.toNanos(5)));
        assertNull(end.failure());
        reader.join();

        assertEquals(100, heard.size());
        assertEquals(IntStream.rangeClosed(61, 100).mapToObj(i -> "line " + i).toList(), reader.lastLines());
    }
}
