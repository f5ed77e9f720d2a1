package org.lowernet.image.flash;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.lowernet.image.release.BlockMap;
import org.lowernet.runtime.hash.Sha256;

/**
 * Writes an image to a disk or a file, then reads it back and compares SHA-256s range by range.
 * With a block map only the mapped ranges are written, as bmaptool does: on a used card the unmapped
 * blocks keep their old bytes, which is fine for lowernet because nothing reads them: they are free
 * clusters of the FAT or the data partition behind its head, which the bmap maps as zeros so that an
 * old filesystem there is wiped and the device formats the partition anew. A regular-file target
 * is first emptied and sized, so it ends up byte-identical to the image either way.
 */
final class Flasher {

    static final int CHUNK = 1 << 20;
    /** O_DIRECT needs buffers, offsets and lengths aligned to the logical block size; 4096 covers every card. */
    static final int DIRECT_ALIGNMENT = 4096;

    /** What was done: bytes written and verified, of how large an image, with or without a block map. */
    record Written(long bytes, long imageSize, boolean usedBmap, double writeSeconds, double verifySeconds) {
    }

    private record Span(long start, long end, String expectedSha256) {
    }

    private Flasher() {
    }

    static Written write(ImageSource source, Optional<BlockMap> map, Path target, boolean blockDevice, PrintStream out)
            throws IOException {
        List<Span> spans = new ArrayList<>();
        map.ifPresentOrElse(m -> m.ranges().forEach(r -> spans.add(new Span(m.byteStart(r), m.byteEnd(r), r.sha256()))),
                () -> spans.add(new Span(0, source.size(), null)));
        long total = spans.stream().mapToLong(s -> s.end() - s.start()).sum();
        List<String> written = new ArrayList<>();
        byte[] buffer = new byte[CHUNK];
        FlashProgress progress = new FlashProgress(out, "written", total);
        Set<OpenOption> options = blockDevice ? Set.of(StandardOpenOption.WRITE)
                : Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        try (FileChannel disk = FileChannel.open(target, options)) {
            if (!blockDevice && source.size() > 0) {
                disk.write(ByteBuffer.allocate(1), source.size() - 1);
            }
            long done = 0;
            for (Span span : spans) {
                MessageDigest sha = Sha256.digest();
                for (long at = span.start(); at < span.end(); ) {
                    int length = (int) Math.min(CHUNK, span.end() - at);
                    source.read(at, buffer, length);
                    sha.update(buffer, 0, length);
                    ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, length);
                    while (bytes.hasRemaining()) {
                        at += disk.write(bytes, at);
                    }
                    done += length;
                    progress.update(done);
                }
                String digest = Sha256.hex(sha);
                if (span.expectedSha256() != null && !span.expectedSha256().equals(digest)) {
                    throw new IOException("the image's bytes " + span.start() + "-" + span.end() + " do not match its"
                            + " block map (sha256 " + digest + ", bmap says " + span.expectedSha256() + "): the .bmap"
                            + " belongs to another image; delete it or use the matching one. The card is incomplete.");
                }
                written.add(digest);
            }
            out.println("syncing (waiting until the card has every byte)...");
            disk.force(true);
        }
        double writeSeconds = progress.seconds();
        verify(target, spans, written, blockDevice, total, out);
        return new Written(total, source.size(), map.isPresent(), writeSeconds, progress.seconds() - writeSeconds);
    }

    /** Reads every written range back (bypassing the page cache on a device) and compares its SHA-256. */
    private static void verify(Path target, List<Span> spans, List<String> written, boolean blockDevice, long total,
            PrintStream out) throws IOException {
        FlashProgress progress = new FlashProgress(out, "verified", total);
        Set<OpenOption> options = blockDevice ? Set.of(StandardOpenOption.READ, ExtendedOpenOption.DIRECT)
                : Set.of(StandardOpenOption.READ);
        ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK + DIRECT_ALIGNMENT).alignedSlice(DIRECT_ALIGNMENT);
        byte[] bytes = new byte[CHUNK];
        long done = 0;
        try (FileChannel disk = FileChannel.open(target, options)) {
            for (int i = 0; i < spans.size(); i++) {
                Span span = spans.get(i);
                MessageDigest sha = Sha256.digest();
                for (long at = span.start(); at < span.end(); ) {
                    int length = (int) Math.min(CHUNK, span.end() - at);
                    // O_DIRECT reads whole aligned blocks; only the span's own bytes are hashed.
                    int aligned = (length + DIRECT_ALIGNMENT - 1) / DIRECT_ALIGNMENT * DIRECT_ALIGNMENT;
                    buffer.clear().limit(aligned);
                    while (buffer.position() < length) {
                        if (disk.read(buffer, at + buffer.position()) < 0) {
                            throw new IOException(target + " ended at byte " + (at + buffer.position())
                                    + " while reading back; the card is smaller than it claimed");
                        }
                    }
                    buffer.flip().get(bytes, 0, length);
                    sha.update(bytes, 0, length);
                    at += length;
                    done += length;
                    progress.update(done);
                }
                String digest = Sha256.hex(sha);
                if (!digest.equals(written.get(i))) {
                    throw new IOException("read-back mismatch at bytes " + span.start() + "-" + span.end() + " of "
                            + target + ": wrote sha256 " + written.get(i) + ", read " + digest
                            + "; the card may be failing or fake: try another card");
                }
            }
        }
    }
}
