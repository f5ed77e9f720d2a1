package org.lowernet.image.rootfs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What the dynamic loader reads of one ELF file before it runs: its interpreter ({@code PT_INTERP}), the
 * shared libraries it links ({@code DT_NEEDED}) and where it says to look first ({@code DT_RUNPATH}, or
 * the older {@code DT_RPATH}). A static program or an object without a dynamic section links nothing.
 * Only 64-bit little-endian ELF is read (arm64); anything else is refused.
 *
 * @param interpreter the program interpreter's absolute path, for a dynamically linked program
 * @param needed      the {@code DT_NEEDED} names, in file order
 * @param runpath     the {@code DT_RUNPATH} (else {@code DT_RPATH}) folders, as written ({@code $ORIGIN} kept)
 */
public record ElfLinks(Optional<String> interpreter, List<String> needed, List<String> runpath) {

    private static final byte[] MAGIC = {0x7f, 'E', 'L', 'F'};
    private static final int ELFCLASS64 = 2;
    private static final int ELFDATA2LSB = 1;
    private static final int PT_LOAD = 1;
    private static final int PT_DYNAMIC = 2;
    private static final int PT_INTERP = 3;
    private static final long DT_NULL = 0;
    private static final long DT_NEEDED = 1;
    private static final long DT_STRTAB = 5;
    private static final long DT_RPATH = 15;
    private static final long DT_RUNPATH = 29;
    private static final int PHDR_TYPE = 0;
    private static final int PHDR_OFFSET = 8;
    private static final int PHDR_VADDR = 16;
    private static final int PHDR_FILESZ = 32;
    private static final int DYN_ENTRY = 16;

    public ElfLinks {
        needed = List.copyOf(needed);
        runpath = List.copyOf(runpath);
    }

    /** Whether {@code head} (at least the first four bytes of a file) starts like an ELF file. */
    public static boolean isElf(byte[] head) {
        return head.length >= MAGIC.length && Arrays.equals(head, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** Reads the links of an ELF file's bytes; IllegalArgumentException when they are not 64-bit LE ELF. */
    public static ElfLinks read(byte[] elf) {
        if (!isElf(elf) || elf.length < 64 || elf[4] != ELFCLASS64 || elf[5] != ELFDATA2LSB) {
            throw new IllegalArgumentException("not a 64-bit little-endian ELF file");
        }
        ByteBuffer in = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        long phoff = in.getLong(32);
        int phentsize = Short.toUnsignedInt(in.getShort(54));
        int phnum = Short.toUnsignedInt(in.getShort(56));
        List<long[]> loads = new ArrayList<>();
        Optional<String> interpreter = Optional.empty();
        long dynamicOffset = -1;
        long dynamicSize = 0;
        for (int i = 0; i < phnum; i++) {
            int ph = index(elf, phoff + (long) i * phentsize, phentsize);
            int type = in.getInt(ph + PHDR_TYPE);
            long offset = in.getLong(ph + PHDR_OFFSET);
            long filesz = in.getLong(ph + PHDR_FILESZ);
            switch (type) {
                case PT_LOAD -> loads.add(new long[] {in.getLong(ph + PHDR_VADDR), offset, filesz});
                case PT_INTERP -> interpreter = Optional.of(string(elf, offset, offset + filesz));
                case PT_DYNAMIC -> {
                    dynamicOffset = offset;
                    dynamicSize = filesz;
                }
                default -> { }
            }
        }
        if (dynamicOffset < 0) {
            return new ElfLinks(interpreter, List.of(), List.of());
        }
        List<Long> neededAt = new ArrayList<>();
        long strtab = -1;
        long rpath = -1;
        long runpath = -1;
        for (long at = dynamicOffset; at + DYN_ENTRY <= dynamicOffset + dynamicSize; at += DYN_ENTRY) {
            int entry = index(elf, at, DYN_ENTRY);
            long tag = in.getLong(entry);
            long value = in.getLong(entry + 8);
            if (tag == DT_NULL) {
                break;
            } else if (tag == DT_NEEDED) {
                neededAt.add(value);
            } else if (tag == DT_STRTAB) {
                strtab = fileOffset(loads, value);
            } else if (tag == DT_RPATH) {
                rpath = value;
            } else if (tag == DT_RUNPATH) {
                runpath = value;
            }
        }
        if (strtab < 0) {
            throw new IllegalArgumentException("a dynamic section without a string table in a loaded segment");
        }
        long strings = strtab;
        List<String> needed = neededAt.stream().map(n -> string(elf, strings + n, elf.length)).toList();
        long path = runpath >= 0 ? runpath : rpath;
        List<String> folders = path < 0 ? List.of()
                : Arrays.stream(string(elf, strings + path, elf.length).split(":")).filter(s -> !s.isEmpty()).toList();
        return new ElfLinks(interpreter, needed, folders);
    }

    /** The file offset of a virtual address, through the loaded segment that holds it. */
    private static long fileOffset(List<long[]> loads, long address) {
        for (long[] load : loads) {
            if (address >= load[0] && address < load[0] + load[2]) {
                return address - load[0] + load[1];
            }
        }
        return -1;
    }

    private static int index(byte[] elf, long offset, int length) {
        if (offset < 0 || offset + length > elf.length) {
            throw new IllegalArgumentException("a header at byte " + offset + " runs past the file's end (" + elf.length + ")");
        }
        return (int) offset;
    }

    /** The NUL-terminated string at {@code offset}, looked for before {@code end}. */
    private static String string(byte[] elf, long offset, long end) {
        int start = index(elf, offset, 0);
        int stop = start;
        while (stop < Math.min(end, elf.length) && elf[stop] != 0) {
            stop++;
        }
        return new String(elf, start, stop - start, StandardCharsets.UTF_8);
    }
}
