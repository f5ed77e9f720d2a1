package org.lowernet.image.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Finds a section by name in a little-endian ELF64 file (System V gABI, "ELF Header", "Sections"). */
final class ElfSections {

    /** e_ident: 0x7f 'E' 'L' 'F', then EI_CLASS at 4 and EI_DATA at 5. */
    private static final byte[] MAGIC = {0x7f, 'E', 'L', 'F'};
    private static final int EI_CLASS = 4;
    private static final int ELFCLASS64 = 2;
    private static final int EI_DATA = 5;
    private static final int ELFDATA2LSB = 1;
    /** ELF64 header: e_shoff (8 bytes), e_shentsize, e_shnum, e_shstrndx (2 bytes each). */
    private static final int E_SHOFF = 0x28;
    private static final int E_SHENTSIZE = 0x3A;
    private static final int E_SHNUM = 0x3C;
    private static final int E_SHSTRNDX = 0x3E;
    private static final int ELF64_HEADER_SIZE = 0x40;
    /** Elf64_Shdr: sh_name (4), sh_type (4), ..., sh_offset at 0x18 (8), sh_size at 0x20 (8). */
    private static final int SH_NAME = 0x00;
    private static final int SH_OFFSET = 0x18;
    private static final int SH_SIZE = 0x20;
    private static final int ELF64_SHDR_SIZE = 0x40;

    private final ByteBuffer elf;
    private final String where;

    ElfSections(byte[] file, String where) {
        this.elf = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        this.where = where;
        if (file.length < ELF64_HEADER_SIZE || !ByteBuffer.wrap(file, 0, 4).equals(ByteBuffer.wrap(MAGIC))) {
            throw bad("not an ELF file");
        }
        if (file[EI_CLASS] != ELFCLASS64 || file[EI_DATA] != ELFDATA2LSB) {
            throw bad("not a little-endian ELF64 file (class " + file[EI_CLASS] + ", data " + file[EI_DATA] + ")");
        }
        if (Short.toUnsignedInt(elf.getShort(E_SHENTSIZE)) != ELF64_SHDR_SIZE) {
            throw bad("section header size is " + elf.getShort(E_SHENTSIZE) + ", not " + ELF64_SHDR_SIZE);
        }
    }

    /** The bytes of the first section called {@code name}, if any. */
    Optional<byte[]> section(String name) {
        int count = Short.toUnsignedInt(elf.getShort(E_SHNUM));
        int names = Short.toUnsignedInt(elf.getShort(E_SHSTRNDX));
        if (names >= count) {
            throw bad("section name table index " + names + " is not below the section count " + count);
        }
        byte[] nameTable = contents(names);
        byte[] wanted = name.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < count; i++) {
            int nameOffset = elf.getInt(header(i) + SH_NAME);
            if (nameIs(nameTable, nameOffset, wanted)) {
                return Optional.of(contents(i));
            }
        }
        return Optional.empty();
    }

    private int header(int index) {
        long offset = elf.getLong(E_SHOFF) + (long) index * ELF64_SHDR_SIZE;
        if (offset < 0 || offset + ELF64_SHDR_SIZE > elf.capacity()) {
            throw bad("section header " + index + " at " + offset + " lies outside the file");
        }
        return (int) offset;
    }

    private byte[] contents(int index) {
        int header = header(index);
        long offset = elf.getLong(header + SH_OFFSET);
        long size = elf.getLong(header + SH_SIZE);
        if (offset < 0 || size < 0 || offset + size > elf.capacity()) {
            throw bad("section " + index + " (offset " + offset + ", size " + size + ") lies outside the file");
        }
        byte[] out = new byte[(int) size];
        elf.get((int) offset, out);
        return out;
    }

    private static boolean nameIs(byte[] table, int offset, byte[] wanted) {
        if (offset < 0 || offset + wanted.length >= table.length) {
            return false;
        }
        for (int i = 0; i < wanted.length; i++) {
            if (table[offset + i] != wanted[i]) {
                return false;
            }
        }
        return table[offset + wanted.length] == 0;
    }

    private IllegalArgumentException bad(String what) {
        return new IllegalArgumentException("reading ELF sections of " + where + ": " + what
                + "; is this an arm64 kernel module from an intact package?");
    }
}
