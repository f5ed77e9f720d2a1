package org.lowernet.image.cpio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;

class NewcWriterTest {

    static final long EPOCH = 1_600_000_000L; // 0x5F5E1000

    static byte[] cpio(FileTree tree) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new NewcWriter(EPOCH).write(tree, out);
        return out.toByteArray();
    }

    @Test
    void threeEntriesMatchGoldenBytes() throws IOException {
        FileTree tree = new FileTree()
                .directory("etc", 0755)
                .file("etc/hostname", 0644, Content.of("pi\n"))
                .symlink("init", "bin/busybox");

        // Fields: magic ino mode uid gid nlink mtime filesize devmaj devmin rdevmaj rdevmin namesize check.
        String expected = ""
                + "070701" + "00000001" + "000041ED" + "00000000" + "00000000" + "00000002" + "5F5E1000"
                + "00000000" + "00000000" + "00000000" + "00000000" + "00000000" + "00000004" + "00000000"
                + "etc\0" + "\0\0"                      // 110 + 4 = 114, padded to 116
                + "070701" + "00000002" + "000081A4" + "00000000" + "00000000" + "00000001" + "5F5E1000"
                + "00000003" + "00000000" + "00000000" + "00000000" + "00000000" + "0000000D" + "00000000"
                + "etc/hostname\0" + "\0"                // 116 + 110 + 13 = 239, padded to 240
                + "pi\n" + "\0"                         // data 3 bytes, padded to 4
                + "070701" + "00000003" + "0000A1FF" + "00000000" + "00000000" + "00000001" + "5F5E1000"
                + "0000000B" + "00000000" + "00000000" + "00000000" + "00000000" + "00000005" + "00000000"
                + "init\0" + "\0"                       // 244 + 110 + 5 = 359, padded to 360
                + "bin/busybox" + "\0"                  // 11 bytes, padded to 12
                + "070701" + "00000000" + "00000000" + "00000000" + "00000000" + "00000001" + "00000000"
                + "00000000" + "00000000" + "00000000" + "00000000" + "00000000" + "0000000B" + "00000000"
                + "TRAILER!!!\0" + "\0\0\0";            // 372 + 110 + 11 = 493, padded to 496

        assertEquals(expected, new String(cpio(tree), StandardCharsets.ISO_8859_1));
    }

    @Test
    void charDeviceCarriesItsMajorAndMinor() throws IOException {
        String header = new String(cpio(new FileTree().put("dev/console",
                new org.lowernet.image.tree.Node.CharDevice(0600, 5, 1))), StandardCharsets.ISO_8859_1);
        int at = header.indexOf("070701", 1);
        // Second entry (after "dev"): mode 020600, rdevmajor 5, rdevminor 1.
        assertEquals("00002180", header.substring(at + 6 + 8, at + 6 + 16));
        assertEquals("0000000500000001", header.substring(at + 6 + 8 * 9, at + 6 + 8 * 11));
    }

    @Test
    void sameTreeBuiltInAnotherOrderGivesTheSameBytes() throws IOException {
        FileTree a = new FileTree().file("b/x", 0644, Content.of("x")).symlink("a", "b").directory("c", 0700);
        FileTree b = new FileTree().directory("c", 0700).symlink("a", "b").file("b/x", 0644, Content.of("x"));
        assertArrayEquals(cpio(a), cpio(b));
    }

    @Test
    void mtimeOutsideTheFieldIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new NewcWriter(1L << 32));
        assertThrows(IllegalArgumentException.class, () -> new NewcWriter(-1));
    }
}
