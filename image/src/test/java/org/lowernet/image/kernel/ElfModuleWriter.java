package org.lowernet.image.kernel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Writes a minimal little-endian ELF64 relocatable file with sections null, .text, .modinfo and
 * .shstrtab: enough for ModInfo, laid out as the gABI says, nothing a loader would need.
 */
final class ElfModuleWriter {

    private static final int EHDR = 64;
    private static final int SHDR = 64;
    private static final int SHT_PROGBITS = 1;
    private static final int SHT_STRTAB = 3;
    private static final int EM_AARCH64 = 183;
    private static final int ET_REL = 1;

    private ElfModuleWriter() {
    }

    /** {@code entries} like "depends=a,b", "alias=of:N*", "name=x". */
    static byte[] module(String... entries) {
        StringBuilder modinfo = new StringBuilder();
        for (String e : entries) {
            modinfo.append(e).append('\0').append('\0'); // padding NULs as real modules have
        }
        byte[] text = {0x1f, 0x20, 0x03, (byte) 0xd5}; // an arm64 NOP, so .modinfo is not the first section
        byte[] info = modinfo.toString().getBytes(StandardCharsets.UTF_8);
        byte[] names = "\0.text\0.modinfo\0.shstrtab\0".getBytes(StandardCharsets.US_ASCII);
        int textOff = EHDR;
        int infoOff = textOff + text.length;
        int namesOff = infoOff + info.length;
        int shoff = (namesOff + names.length + 7) & ~7;
        ByteBuffer b = ByteBuffer.allocate(shoff + 4 * SHDR).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        b.putShort(16, (short) ET_REL).putShort(18, (short) EM_AARCH64).putInt(20, 1);
        b.putLong(40, shoff).putShort(52, (short) EHDR).putShort(58, (short) SHDR);
        b.putShort(60, (short) 4).putShort(62, (short) 3);
        b.put(textOff, text).put(infoOff, info).put(namesOff, names);
        section(b, shoff + SHDR, 1, SHT_PROGBITS, textOff, text.length);
        section(b, shoff + 2 * SHDR, 7, SHT_PROGBITS, infoOff, info.length);
        section(b, shoff + 3 * SHDR, 16, SHT_STRTAB, namesOff, names.length);
        return b.array();
    }

    private static void section(ByteBuffer b, int at, int name, int type, long offset, long size) {
        b.putInt(at, name).putInt(at + 4, type).putLong(at + 24, offset).putLong(at + 32, size).putLong(at + 48, 1);
    }

    static byte[] xz(byte[] data) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (XZOutputStream xz = new XZOutputStream(out, new LZMA2Options(0))) {
                xz.write(data);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
