package org.lowernet.image.jre;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JreBudgetTest {

    private static final long MIB = 1L << 20;

    @Test
    void theDefaultIs60MiB() {
        assertEquals(60 * MIB, JreBudget.DEFAULT.bytes());
    }

    @Test
    void aJreWithinBudgetPasses() {
        assertDoesNotThrow(() -> new JreBudget(10 * MIB).check(Map.of("lib/modules", 6 * MIB, "bin/java", 4 * MIB)));
    }

    @Test
    void aBreachNamesTheFiveLargestFilesLargestFirst() {
        Map<String, Long> sizes = new LinkedHashMap<>();
        sizes.put("lib/tzdb.dat", MIB / 10);
        sizes.put("lib/server/libjvm.debuginfo", 600 * MIB);
        sizes.put("lib/server/libjvm.so", 27 * MIB);
        sizes.put("lib/modules", 26 * MIB);
        sizes.put("lib/libjava.debuginfo", 3 * MIB);
        sizes.put("lib/libjava.so", MIB / 4);
        sizes.put("bin/java", MIB / 16);

        JreException e = assertThrows(JreException.class, () -> JreBudget.DEFAULT.check(sizes));

        assertEquals("the linked JRE is 656.4 MiB, over its budget of 60.0 MiB; largest files:"
                + " lib/server/libjvm.debuginfo 600.0 MiB, lib/server/libjvm.so 27.0 MiB, lib/modules 26.0 MiB,"
                + " lib/libjava.debuginfo 3.0 MiB, lib/libjava.so 0.3 MiB. If the JDK package now ships a new kind"
                + " of file the device never runs, exclude it in JreLinker; if the JRE really must grow, raise"
                + " JreBudget knowingly", e.getMessage());
    }

    @Test
    void aBudgetMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new JreBudget(0));
    }
}
