package org.lowernet.image.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControlFileTest {

    @Test
    void parsesParagraphsContinuationsAndCrlf() {
        String text = "Package: a\r\nVersion: 1.0\r\nDescription: short\r\n long line\r\n .\r\n more\r\n\r\n\r\n"
                + "package: b\nDepends: x,\n y\n";
        List<ControlFile.Paragraph> ps = ControlFile.parse(text, "test");
        assertEquals(2, ps.size());
        assertEquals("short\nlong line\n\nmore", ps.get(0).require("Description", "test"));
        assertEquals("1.0", ps.get(0).get("version").orElseThrow());
        assertEquals("b", ps.get(1).get("Package").orElseThrow());
        assertEquals("x,\ny", ps.get(1).get("Depends").orElseThrow());
        assertEquals(9, ps.get(1).line());
    }

    @Test
    void aParagraphCutOutOfAFileCountsItsLinesThere() {
        ControlFile.Paragraph p = ControlFile.paragraph("Package: a\nDepends: x,\n y\n", "Packages", 120);
        assertEquals(Map.of("Package", "a", "Depends", "x,\ny"), Map.copyOf(p.fields()));
        assertEquals(120, p.line());

        var twice = assertThrows(IllegalArgumentException.class,
                () -> ControlFile.paragraph("Package: a\nVersion: 1\nversion: 2\n", "Packages", 120));
        assertEquals("Packages line 122: field version appears twice in the paragraph that starts at line 120",
                twice.getMessage());
        var two = assertThrows(IllegalArgumentException.class,
                () -> ControlFile.paragraph("Package: a\n\nPackage: b\n", "Packages", 7));
        assertEquals("Packages line 7: expected one paragraph, found 2", two.getMessage());
    }

    @Test
    void errorsNameTheLine() {
        var e = assertThrows(IllegalArgumentException.class, () -> ControlFile.parse("A: 1\nno colon\n", "f"));
        assertTrue(e.getMessage().startsWith("f line 2:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ControlFile.parse(" orphan\n", "f"));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ControlFile.parse("A: 1\na: 2\n", "f"));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
    }
}
