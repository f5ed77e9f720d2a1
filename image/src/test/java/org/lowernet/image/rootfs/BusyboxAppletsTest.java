package org.lowernet.image.rootfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BusyboxAppletsTest {

    private static byte[] binaryWith(List<String> names) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x7f, 'E', 'L', 'F', 1, 2, 3, 0, 0});
        for (String name : names) {
            out.writeBytes(name.getBytes(StandardCharsets.US_ASCII));
            out.write(0);
        }
        out.write(0);
        out.writeBytes("usage text follows".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    @Test
    void readsTheNameTableBetweenItsMarkers() {
        List<String> names = new ArrayList<>(List.of("[", "[[", "acpid", "ash", "cat", "init", "sh"));
        for (int i = 0; i < 20; i++) {
            names.add("tool" + i);
        }

        assertEquals(names, BusyboxApplets.read(binaryWith(names)));
    }

    @Test
    void aBinaryWithoutTheTableIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BusyboxApplets.read("not busybox".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("no applet table in the busybox binary (no \"[\\0[[\\0\")", e.getMessage());
    }

    @Test
    void aTooShortTableIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> BusyboxApplets.read(binaryWith(List.of("[", "[[", "sh"))));
    }
}
