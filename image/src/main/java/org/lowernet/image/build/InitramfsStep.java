package org.lowernet.image.build;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.lowernet.image.cpio.GzipCpio;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;

/** Packs the root tree into the initramfs the firmware loads: a gzip-compressed cpio (newc). */
final class InitramfsStep {

    private final FileTree root;
    private final Instant epoch;
    private final Path work;

    InitramfsStep(FileTree root, Instant epoch, Path work) {
        this.root = root;
        this.epoch = epoch;
        this.work = work;
    }

    Progress.Done<Content> run() throws IOException {
        Files.createDirectories(work);
        Path file = work.resolve("initrd.img");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            GzipCpio.write(root, epoch.getEpochSecond(), out);
        }
        Content initrd = Content.of(file);
        return Progress.Done.made(initrd, "initrd.img " + Progress.mib(initrd.size())
                + " (root " + Progress.mib(root.contentBytes()) + " uncompressed)");
    }
}
