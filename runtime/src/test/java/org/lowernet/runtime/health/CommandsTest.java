package org.lowernet.runtime.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which cmd/ messages are obeyed: identify with a sane duration, afresh; nothing else. */
class CommandsTest {

    private final List<Duration> identified = new ArrayList<>();
    private final Commands commands = new Commands(identified::add, Clock.systemUTC());

    @Test
    void identifyWithoutAPayloadLastsTheDefaultAndALongAskIsCut() {
        assertTrue(commands.handle("identify", new byte[0], false));
        assertTrue(commands.handle("identify", bytes(" 30\n"), false));
        assertTrue(commands.handle("identify", bytes("86400"), false));
        assertEquals(List.of(Commands.IDENTIFY_DEFAULT, Duration.ofSeconds(30), Commands.IDENTIFY_MAX), identified);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "1.5", "ten", "5s", "{\"seconds\":5}", "12345678901234567"})
    void aPayloadThatIsNotAWholeNumberOfSecondsIsIgnored(String payload) {
        assertFalse(commands.handle("identify", bytes(payload), false));
        assertTrue(identified.isEmpty());
    }

    @Test
    void retainedCommandsAreNotObeyed() {
        // A retained identify would fire again at every reconnect, for ever.
        assertFalse(commands.handle("identify", bytes("5"), true));
        assertTrue(identified.isEmpty());
    }

    @Test
    void unknownCommandsAndHugePayloadsAreIgnored() {
        assertFalse(commands.handle("reboot", new byte[0], false));
        assertFalse(commands.handle("identify/now", bytes("5"), false));
        assertFalse(commands.handle("identify", new byte[1 << 20], false));
        for (int i = 0; i < 10_000; i++) {
            assertFalse(commands.handle("x".repeat(1000), new byte[0], false));
        }
        assertTrue(identified.isEmpty());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
