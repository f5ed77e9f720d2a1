package org.lowernet.image.jre;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Removes the static symbol table ({@code .symtab} and its string table) from a little-endian ELF64 file,
 * as Debian's {@code strip --strip-unneeded} does for the libraries it ships: the dynamic loader uses
 * only {@code .dynsym}, and the static table is a fifth of libjvm.so (5 MiB the node would hold in RAM).
 * Pure Java because the host's objcopy cannot be counted on to know aarch64.
 *
 * <p>Only sections outside every segment (not {@code SHF_ALLOC}) move: the bytes the loader maps keep
 * their offsets, so the program is the same; the sections after them are laid out again in order and the
 * section headers follow (System V gABI, "ELF Header", "Sections").
 */
public final class SymbolStrip {

    private static final byte[] MAGIC = {0x7f, 'E', 'L', 'F'};
    private static final int EI_CLASS = 4;
    private static final int ELFCLASS64 = 2;
    private static final int EI_DATA = 5;
    private static final int ELFDATA2LSB = 1;
    private static final int E_PHOFF = 0x20;
    private static final int E_SHOFF = 0x28;
    private static final int E_PHENTSIZE = 0x36;
    private static final int E_PHNUM = 0x38;
    private static final int E_SHENTSIZE = 0x3A;
    private static final int E_SHNUM = 0x3C;
    private static final int E_SHSTRNDX = 0x3E;
    private static final int HEADER_SIZE = 0x40;
    private static final int PHDR_SIZE = 0x38;
    private static final int P_OFFSET = 0x08;
    private static final int P_FILESZ = 0x20;
    private static final int SHDR_SIZE = 0x40;
    private static final int SH_TYPE = 0x04;
    private static final int SH_FLAGS = 0x08;
    private static final int SH_OFFSET = 0x18;
    private static final int SH_SIZE = 0x20;
    private static final int SH_LINK = 0x28;
    private static final int SH_INFO = 0x2C;
    private static final int SH_ADDRALIGN = 0x30;
    private static final int SHT_SYMTAB = 2;
    private static final int SHT_STRTAB = 3;
    private static final int SHT_NOBITS = 8;
    private static final long SHF_ALLOC = 0x2;
    /** sh_info holds a section index (gABI "Section Attribute Flags"). */
    private static final long SHF_INFO_LINK = 0x40;

    private SymbolStrip() {
    }

    /** Whether {@code bytes} start like an ELF file (any class); {@link #strip} judges the rest. */
    public static boolean isElf(byte[] bytes) {
        return bytes.length >= MAGIC.length && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /**
     * The file without its static symbol table, or {@code elf} itself when it has none.
     *
     * @param where names the file in an error
     * @throws IllegalArgumentException when the file is not a little-endian ELF64 file whose headers lie
     *                                  inside it, or when a kept section refers to the removed ones
     */
    public static byte[] strip(byte[] elf, String where) {
        ByteBuffer in = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        if (elf.length < HEADER_SIZE || !isElf(elf) || elf[EI_CLASS] != ELFCLASS64 || elf[EI_DATA] != ELFDATA2LSB) {
            throw bad(where, "not a little-endian ELF64 file");
        }
        if (Short.toUnsignedInt(in.getShort(E_SHENTSIZE)) != SHDR_SIZE
                || Short.toUnsignedInt(in.getShort(E_PHENTSIZE)) != PHDR_SIZE) {
            throw bad(where, "unexpected header entry sizes");
        }
        int count = Short.toUnsignedInt(in.getShort(E_SHNUM));
        long shoff = in.getLong(E_SHOFF);
        if (shoff < HEADER_SIZE || shoff + (long) count * SHDR_SIZE > elf.length) {
            throw bad(where, "section headers lie outside the file");
        }
        List<Section> sections = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sections.add(Section.read(in, (int) (shoff + (long) i * SHDR_SIZE), elf.length, where, i));
        }
        boolean[] removed = new boolean[count];
        for (int i = 0; i < count; i++) {
            Section s = sections.get(i);
            if (s.type() == SHT_SYMTAB) {
                removed[i] = true;
                int strings = s.link();
                if (strings > 0 && strings < count && strings != Short.toUnsignedInt(in.getShort(E_SHSTRNDX))
                        && sections.get(strings).type() == SHT_STRTAB) {
                    removed[strings] = true;
                }
            }
        }
        int removedCount = 0;
        for (int i = 0; i < count; i++) {
            if (removed[i]) {
                removedCount++;
                if ((sections.get(i).flags() & SHF_ALLOC) != 0) {
                    throw bad(where, "section " + i + " is a symbol table the program maps");
                }
            }
        }
        if (removedCount == 0) {
            return elf;
        }

        // New indices of the kept sections; a kept section that refers to a removed one cannot stay valid.
        int[] newIndex = new int[count];
        int next = 0;
        for (int i = 0; i < count; i++) {
            newIndex[i] = removed[i] ? -1 : next++;
        }

        // Everything up to the end of the mapped bytes (segments, allocated sections) keeps its offset.
        long mappedEnd = HEADER_SIZE;
        long phoff = in.getLong(E_PHOFF);
        int phnum = Short.toUnsignedInt(in.getShort(E_PHNUM));
        if (phoff + (long) phnum * PHDR_SIZE > elf.length) {
            throw bad(where, "program headers lie outside the file");
        }
        mappedEnd = Math.max(mappedEnd, phoff + (long) phnum * PHDR_SIZE);
        for (int i = 0; i < phnum; i++) {
            int at = (int) (phoff + (long) i * PHDR_SIZE);
            mappedEnd = Math.max(mappedEnd, in.getLong(at + P_OFFSET) + in.getLong(at + P_FILESZ));
        }
        for (Section s : sections) {
            if ((s.flags() & SHF_ALLOC) != 0 && s.type() != SHT_NOBITS) {
                mappedEnd = Math.max(mappedEnd, s.offset() + s.size());
            }
        }
        if (mappedEnd > elf.length) {
            throw bad(where, "a segment ends at " + mappedEnd + ", beyond the file's " + elf.length + " bytes");
        }

        ByteArrayOutputStream out = new ByteArrayOutputStream(elf.length);
        out.write(elf, 0, (int) mappedEnd);
        long[] newOffset = new long[count];
        for (int i = 0; i < count; i++) {
            Section s = sections.get(i);
            if (removed[i]) {
                continue;
            }
            if (s.type() == SHT_NOBITS || s.offset() + s.size() <= mappedEnd) {
                newOffset[i] = s.offset();
                continue;
            }
            if (s.offset() < mappedEnd) {
                throw bad(where, "section " + i + " straddles the end of the mapped bytes");
            }
            pad(out, s.align());
            newOffset[i] = out.size();
            out.write(elf, (int) s.offset(), (int) s.size());
        }
        pad(out, 8);
        long newShoff = out.size();
        for (int i = 0; i < count; i++) {
            if (removed[i]) {
                continue;
            }
            Section s = sections.get(i);
            ByteBuffer header = ByteBuffer.allocate(SHDR_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            header.put(0, elf, s.at(), SHDR_SIZE);
            header.putLong(SH_OFFSET, newOffset[i]);
            header.putInt(SH_LINK, remap(s.link(), newIndex, where, i));
            if ((s.flags() & SHF_INFO_LINK) != 0) {
                header.putInt(SH_INFO, remap(s.info(), newIndex, where, i));
            }
            out.write(header.array(), 0, SHDR_SIZE);
        }
        byte[] result = out.toByteArray();
        ByteBuffer fixed = ByteBuffer.wrap(result).order(ByteOrder.LITTLE_ENDIAN);
        fixed.putLong(E_SHOFF, newShoff);
        fixed.putShort(E_SHNUM, (short) next);
        fixed.putShort(E_SHSTRNDX, (short) remap(Short.toUnsignedInt(in.getShort(E_SHSTRNDX)), newIndex, where, -1));
        return result;
    }

    private static int remap(int index, int[] newIndex, String where, int from) {
        if (index == 0 || index >= newIndex.length) {
            return index; // SHN_UNDEF, or a value that is not an index (sh_info of other types)
        }
        if (newIndex[index] < 0) {
            throw bad(where, (from < 0 ? "the section names" : "section " + from) + " refer to the removed section "
                    + index);
        }
        return newIndex[index];
    }

    private static void pad(ByteArrayOutputStream out, long align) {
        while (align > 1 && out.size() % align != 0) {
            out.write(0);
        }
    }

    private static IllegalArgumentException bad(String where, String what) {
        return new IllegalArgumentException("stripping symbols from " + where + ": " + what);
    }

    private record Section(int at, int type, long flags, long offset, long size, int link, int info, long align) {

        static Section read(ByteBuffer in, int at, long fileSize, String where, int index) {
            Section s = new Section(at, in.getInt(at + SH_TYPE), in.getLong(at + SH_FLAGS), in.getLong(at + SH_OFFSET),
                    in.getLong(at + SH_SIZE), in.getInt(at + SH_LINK), in.getInt(at + SH_INFO),
                    in.getLong(at + SH_ADDRALIGN));
            if (s.type != SHT_NOBITS && (s.offset < 0 || s.size < 0 || s.offset + s.size > fileSize)) {
                throw bad(where, "section " + index + " lies outside the file");
            }
            return s;
        }
    }
}
