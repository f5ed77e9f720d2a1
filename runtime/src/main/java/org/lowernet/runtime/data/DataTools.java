package org.lowernet.runtime.data;

import java.nio.file.Path;

/**
 * The programs the data partition needs: e2fsprogs' {@code mke2fs} and {@code e2fsck} (busybox's mke2fs makes
 * ext2 without a journal, so never that one), and busybox for mount, umount, sync and blockdev. A system
 * property {@code lowernet.program.NAME} overrides a path, as for the router's programs.
 */
public record DataTools(Path mke2fs, Path e2fsck, Path busybox) {

    public static DataTools fromSystemProperties() {
        return new DataTools(path("mke2fs", "/usr/sbin/mke2fs"), path("e2fsck", "/usr/sbin/e2fsck"),
                path("busybox", "/usr/bin/busybox"));
    }

    private static Path path(String name, String device) {
        return Path.of(System.getProperty("lowernet.program." + name, device));
    }
}
