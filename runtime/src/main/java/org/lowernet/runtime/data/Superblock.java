package org.lowernet.runtime.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether a partition holds an ext2/3/4 filesystem: the primary superblock starts 1024 bytes in and carries
 * {@code s_magic} = 0xEF53 (little-endian) at its offset 56 (ext4's {@code struct ext4_super_block}).
 */
public final class Superblock {

    /** Where the primary superblock starts. */
    static final int SUPERBLOCK_OFFSET = 1024;
    /** {@code s_magic}'s offset in the superblock. */
    static final int MAGIC_FIELD = 56;
    /** {@code EXT4_SUPER_MAGIC}, the same for ext2, ext3 and ext4. */
    static final int EXT_MAGIC = 0xEF53;

    private Superblock() {
    }

    /** Whether {@code device} (a partition or a file) has the ext magic at byte 1080. */
    public static boolean present(Path device) throws IOException {
        try (FileChannel channel = FileChannel.open(device, StandardOpenOption.READ)) {
            ByteBuffer magic = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN);
            long at = SUPERBLOCK_OFFSET + MAGIC_FIELD;
            while (magic.hasRemaining()) {
                if (channel.read(magic, at + magic.position()) < 0) {
                    return false; // shorter than a superblock: nothing there
                }
            }
            return Short.toUnsignedInt(magic.getShort(0)) == EXT_MAGIC;
        }
    }
}
