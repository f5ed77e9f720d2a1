package org.lowernet.image.stamp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigEditTest {

    @Test
    void aKeysLineIsReplacedKeepingItsTrailingComment() {
        assertEquals("# top\nlan.address = 192.168.7.1/24   # the LAN\nsite = x\n",
                ConfigEdit.apply("# top\n  lan.address=10.42.0.1/24   # the LAN\nsite = x\n",
                        List.of(new Assignment("lan.address", "192.168.7.1/24"))));
    }

    @Test
    void aNewKeyGoesAfterItsCommentedOutExampleElseAtTheEnd() {
        String text = "# The router's name.\n# node.name = infoshop-1\n\n# lan.dhcp.lease = 12h\n";
        assertEquals("# The router's name.\n# node.name = infoshop-1\nnode.name = n1\n\n# lan.dhcp.lease = 12h\n"
                        + "site = riverside\n",
                ConfigEdit.apply(text, List.of(new Assignment("node.name", "n1"), new Assignment("site", "riverside"))));
    }

    @Test
    void aLaterAssignmentOfTheSameKeyWins() {
        assertEquals("site = b\n", ConfigEdit.apply("", List.of(new Assignment("site", "a"), new Assignment("site", "b"))));
    }

    @Test
    void aFileWithoutFinalNewlineGetsOneAndAnEmptyFileGetsTheLine() {
        assertEquals("site = a\nnode.name = n\n", ConfigEdit.apply("site = a", List.of(new Assignment("node.name", "n"))));
        assertEquals("node.name = n\n", ConfigEdit.apply("", List.of(new Assignment("node.name", "n"))));
        assertEquals("keep\n\n", ConfigEdit.apply("keep\n\n", List.of()));
    }

    @Test
    void crlfAndTheByteOrderMarkStay() {
        assertEquals("\uFEFF# c\r\nsite = b\r\nnode.name = n\r\n",
                ConfigEdit.apply("\uFEFF# c\r\nsite = a\r\n", List.of(new Assignment("site", "b"),
                        new Assignment("node.name", "n"))));
    }

    @Test
    void keysThatOnlyStartTheSameAreNotTouched() {
        assertEquals("lan.dhcp.range = 10.42.0.50-10.42.0.60\nlan.dhcp.lease = 1d\n",
                ConfigEdit.apply("lan.dhcp.range = 10.42.0.50-10.42.0.60\n", List.of(new Assignment("lan.dhcp.lease", "1d"))));
    }

    @Test
    void valuesThatWouldBreakTheLineAreRefused() {
        assertEquals("site = riverside # x: a '#' at the start or after a space would start a comment in"
                + " lowernet.conf and cut the value short",
                assertThrows(IllegalArgumentException.class, () -> new Assignment("site", "riverside # x")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Assignment("site", "a\nnode.name = b"));
        assertThrows(IllegalArgumentException.class, () -> new Assignment("site", " "));
        assertThrows(IllegalArgumentException.class, () -> new Assignment("my key", "v"));
        assertEquals(new Assignment("wan.dns", "192.0.2.53, 2001:db8::53"), Assignment.parse("wan.dns= 192.0.2.53, 2001:db8::53", "--set"));
        assertEquals(new Assignment("x", "a=b"), Assignment.parse("x=a=b", "--set"));
    }
}
