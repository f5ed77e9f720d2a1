package org.lowernet.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The leds.* keys: pins a person may use, and clear errors for the ones they may not. */
class LedsConfigTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "leds.status.gpio = 0  | 0, the HAT EEPROM's ID_SD line (header pin 27)",
            "leds.status.gpio = 1  | 1, the HAT EEPROM's ID_SC line (header pin 28)",
            "leds.uplink.gpio = 14 | 14, the UART's TXD (header pin 8), which carries the serial console",
            "leds.mesh.gpio = 15   | 15, the UART's RXD (header pin 10)",
            "leds.mesh.gpio = 28   | 28, which is not on the 40-pin header (GPIO 0 to 27 are)",
            "leds.mesh.gpio = 40   | 40, which is not on the 40-pin header",
            "leds.mesh.gpio = pin11 | 'pin11'",
            "leds.power.gpio = 5   | expected one of the LED names status, uplink, mesh",
    })
    void aPinOffTheHeaderOrReservedIsAnErrorNamingLineAndKey(String line, String found) {
        String message = ConfigTesting.oneError("site = riverside\n" + line, 2);
        assertTrue(message.startsWith("lowernet.conf:2: " + line.replaceAll(" +", " ").strip() + ": expected "),
                message);
        assertTrue(message.contains(found), message);
    }

    @Test
    void aPinUsedTwiceNamesBothLines() {
        String message = ConfigTesting.oneError("leds.status.gpio = 23\nleds.mesh.active = low\nleds.uplink.gpio = 23", 3);
        assertEquals("lowernet.conf:3: leds.uplink.gpio = 23: expected a GPIO no other LED uses, found GPIO 23,"
                + " which leds.status.gpio on line 1 uses too", message);
    }

    @Test
    void validKeysLandInTheRecord() {
        LedsConfig leds = ConfigTesting.valid("""
                leds.status.gpio = 5
                leds.uplink.gpio = 6
                leds.mesh.gpio = 2
                leds.uplink.active = low
                leds.act = off
                leds.quiet = 22:30-06:45
                """).leds();
        assertEquals(5, leds.gpio().get("status"));
        assertEquals(2, leds.gpio().get("mesh"));
        assertEquals(ActiveLevel.LOW, leds.activeLevel("uplink"));
        assertEquals(ActiveLevel.HIGH, leds.activeLevel("status"));
        assertEquals(ActMode.OFF, leds.act());
        assertEquals(QuietHours.between(LocalTime.of(22, 30), LocalTime.of(6, 45)), leds.quiet());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "24:00-07:00 | '24:00-07:00'",
            "7:00-8:00   | '7:00-8:00'",
            "22:00-22:00 | starts and ends at the same minute",
            "sometimes   | expected never, always, or a daily window HH:MM-HH:MM",
    })
    void badQuietHours(String value, String found) {
        String message = ConfigTesting.oneError("leds.quiet = " + value, 1);
        assertTrue(message.contains(found), message);
    }
}
