package org.lowernet.image.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NotFollowedTest {

    @Test
    void eachPackageHasItsReasonCommentsAndBlankLinesAreSkipped() {
        NotFollowed parsed = NotFollowed.parse("# why\n\npasswd   only for useradd in a maintainer script  \n"
                + "  debconf\tmaintainer scripts ask through it\n", "packages-not-followed");
        assertEquals(List.of("debconf", "passwd"), parsed.names());
        assertEquals("only for useradd in a maintainer script", parsed.reasons().get("passwd"));
        assertEquals("maintainer scripts ask through it", parsed.reasons().get("debconf"));
        assertTrue(parsed.contains("passwd"));
        assertEquals(List.of(), NotFollowed.parse("# nothing\n", "f").names());
    }

    @Test
    void everyErrorIsNamedWithItsLine() {
        var e = assertThrows(IllegalArgumentException.class, () -> NotFollowed.parse(
                "passwd  a reason\nlibpam0g\nPasswd reason\npasswd again\n", "board/common/packages-not-followed"));
        assertEquals("board/common/packages-not-followed line 2: libpam0g has no reason; write why the image never"
                + " needs it after its name\n"
                + "board/common/packages-not-followed line 3: 'Passwd' is not a Debian package name (lowercase letters,"
                + " digits, + - .)\n"
                + "board/common/packages-not-followed line 4: passwd is already declared on line 1", e.getMessage());
    }
}
