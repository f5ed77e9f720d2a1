package org.lowernet.image.rootfs;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Small 64-bit little-endian ELF files for tests: a static one (no program headers), or a dynamically
 * linked one with one loaded segment mapping the whole file at address 0x400000, an optional PT_INTERP and
 * a PT_DYNAMIC naming its libraries and RUNPATH.
 */
public final class TestElf {

    private static final int HEADER = 64;
    private static final int PHDR = 56;
    private static final long BASE = 0x400000;

    private TestElf() {
    }

    /** A header without program headers: what a static program looks like to the loader. */
    public static byte[] staticProgram() {
        return header(0, 0).array();
    }

    public static byte[] linked(Optional<String> interpreter, List<String> needed, Optional<String> runpath) {
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        strings.write(0);
        long[] neededAt = needed.stream().mapToLong(n -> append(strings, n)).toArray();
        long runpathAt = runpath.map(r -> append(strings, r)).orElse(-1L);
        byte[] interp = interpreter.map(i -> (i + "\0").getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
        int phnum = interpreter.isPresent() ? 3 : 2;
        long interpAt = HEADER + (long) phnum * PHDR;
        long strtabAt = interpAt + interp.length;
        long dynamicAt = strtabAt + strings.size();
        int entries = needed.size() + (runpath.isPresent() ? 1 : 0) + 2;
        long size = dynamicAt + entries * 16L;

        ByteBuffer out = header(phnum, (int) size);
        int ph = HEADER;
        ph = programHeader(out, ph, 1, 0, size);
        if (interpreter.isPresent()) {
            ph = programHeader(out, ph, 3, interpAt, interp.length);
        }
        programHeader(out, ph, 2, dynamicAt, entries * 16L);
        out.put((int) interpAt, interp);
        out.put((int) strtabAt, strings.toByteArray());
        int at = (int) dynamicAt;
        for (long n : neededAt) {
            at = dynamic(out, at, 1, n);
        }
        if (runpath.isPresent()) {
            at = dynamic(out, at, 29, runpathAt);
        }
        at = dynamic(out, at, 5, BASE + strtabAt);
        dynamic(out, at, 0, 0);
        return out.array();
    }

    private static ByteBuffer header(int phnum, int size) {
        ByteBuffer out = ByteBuffer.allocate(Math.max(HEADER, size)).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        out.putShort(16, (short) (phnum == 0 ? 2 : 3)); // ET_EXEC, ET_DYN
        out.putLong(32, phnum == 0 ? 0 : HEADER);
        out.putShort(52, (short) HEADER);
        out.putShort(54, (short) PHDR);
        out.putShort(56, (short) phnum);
        return out;
    }

    private static int programHeader(ByteBuffer out, int at, int type, long offset, long size) {
        out.putInt(at, type);
        out.putLong(at + 8, offset);
        out.putLong(at + 16, BASE + offset);
        out.putLong(at + 32, size);
        out.putLong(at + 40, size);
        return at + PHDR;
    }

    private static int dynamic(ByteBuffer out, int at, long tag, long value) {
        out.putLong(at, tag);
        out.putLong(at + 8, value);
        return at + 16;
    }

    private static long append(ByteArrayOutputStream strings, String text) {
        long at = strings.size();
        strings.writeBytes((text + "\0").getBytes(StandardCharsets.UTF_8));
        return at;
    }
}
