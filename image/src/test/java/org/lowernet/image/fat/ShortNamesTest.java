package org.lowernet.image.fat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShortNamesTest {

    private static List<String> shortNames(String... names) {
        return ShortNames.assign(List.of(names), "boot").stream()
                .map(n -> new String(n.shortName(), StandardCharsets.US_ASCII) + (n.hasLongName() ? "+LFN" : ""))
                .toList();
    }

    @Test
    void upperCase83NamesStandAloneAndOthersGetLongNames() {
        assertEquals(List.of("README     ", "START   ELF", "CONFIG  TXT+LFN", "BCM283~1DTB+LFN",
                        "BCM283~2DTB+LFN", "HIDDEN~1   +LFN", "A_B~1   TXT+LFN", "MYFILE~1TXT+LFN", "X~1        +LFN", "TARTAR~1XZ +LFN"),
                shortNames("README", "START.ELF", "config.txt", "bcm2837-rpi-3-b.dtb", "bcm2837-rpi-3-b-plus.dtb",
                        ".hidden", "a+b.txt", "my file.txt", "...x", "tar.tar.xz"));
    }

    @Test
    void plainNamesAreReservedBeforeTailsAreHandedOut() {
        assertEquals(List.of("FOOBAR~2   +LFN", "FOOBAR~1   "), shortNames("foo bar", "FOOBAR~1"));
    }

    @Test
    void namesDifferingOnlyInCaseAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> shortNames("Config.txt", "config.txt"));
        assertTrue(e.getMessage().contains("\"Config.txt\" and \"config.txt\""), e.getMessage());
    }

    @Test
    void invalidLongNamesAreRefused() {
        for (String bad : List.of("a:b", "trailing.", "x".repeat(256), "tab\t")) {
            assertThrows(IllegalArgumentException.class, () -> shortNames(bad), bad);
        }
    }
}
