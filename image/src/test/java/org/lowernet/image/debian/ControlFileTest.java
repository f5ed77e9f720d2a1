package org.lowernet.image.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    void onlyTheKeptFieldsAreReadAndASkippedFieldsLinesGoNowhere() throws Exception {
        String text = "Description: first\n more\nPackage: a\nDepends: x,\n y\nTag: t\n z\nTag: again\n\n"
                + "Description: only this\n\nPackage: b\n";
        List<ControlFile.Paragraph> ps = new ArrayList<>();
        ControlFile.parse(new BufferedReader(new StringReader(text)), "test", Set.of("Package", "Depends")::contains,
                ps::add);

        assertEquals(2, ps.size(), "a paragraph of skipped fields only is none");
        assertEquals(Map.of("Package", "a", "Depends", "x,\ny"), Map.copyOf(ps.get(0).fields()));
        assertEquals(1, ps.get(0).line(), "the paragraph starts at its first line, kept or not");
        assertEquals(Map.of("Package", "b"), Map.copyOf(ps.get(1).fields()));
        assertEquals(12, ps.get(1).line());
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
