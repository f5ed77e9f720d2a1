package org.lowernet.image.tree;

/** One entry of a {@link FileTree}. Modes are the permission bits only (e.g. 0755), no file type. */
public sealed interface Node {

    int mode();

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
