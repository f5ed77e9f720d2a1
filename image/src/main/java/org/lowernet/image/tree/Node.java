package org.lowernet.image.tree;

/** One entry of a {@link FileTree}. Modes are the permission bits only (e.g. 0755), no file type. */
public sealed interface Node {

    int mode();

    /** "a directory", "a file of 12 bytes", "a symlink to busybox": the entry in words, for messages. */
    default String describe() {
        return switch (this) {
            case Directory d -> "a directory";
            case RegularFile f -> "a file of " + f.content().size() + " bytes";
            case Symlink s -> "a symlink to " + s.target();
            case CharDevice c -> "character device " + c.major() + ":" + c.minor();
        };
    }

    record Directory(int mode) implements Node {
    }

    record RegularFile(int mode, Content content) implements Node {
    }

    record Symlink(String target) implements Node {
        @Override
        public int mode() {
            return 0777;
        }
    }

    /** A character device such as /dev/console, which the kernel opens before devtmpfs is mounted. */
    record CharDevice(int mode, int major, int minor) implements Node {
    }
}
