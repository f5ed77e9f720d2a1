package org.lowernet.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class InterfaceNameTest {

    @Test
    void requireReturnsAValidNameAndSaysWhatIsWrongWithABadOne() {
        assertEquals("wg-mesh.7", InterfaceName.require("wg-mesh.7"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InterfaceName.require("eth0:1"));
        assertEquals("expected an interface name of 1 to 15 characters without '/', ':' or spaces, such as eth0,"
                + " found 'eth0:1'", e.getMessage());
        assertEquals(Optional.of("'enx0123456789abc' (16 characters)"), InterfaceName.problem("enx0123456789abc"));
    }

    /** lowernet.conf's type and the rule are one: what one refuses, the other does, with the same words. */
    @Test
    void theConfigTypeIsTheRule() {
        for (String name : new String[] {"eth0", "enx0123456789ab", "br-lan", "", ".", "..", "a/b", "a b", "a\tb",
                "eth0:1", "\u00e4th0", "e\u0000", "x".repeat(16)}) {
            Optional<String> problem = InterfaceName.problem(name);
            try {
                assertEquals(name, ValueTypes.interfaceName().parse(name));
                assertEquals(Optional.empty(), problem, name);
            } catch (InvalidValue e) {
                assertEquals(problem.orElseThrow(), e.found(), name);
                assertEquals(InterfaceName.EXPECTED, e.expected());
            }
        }
    }
}
