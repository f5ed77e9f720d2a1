package org.lowernet.image.flash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lowernet.image.release.BlockMap;
import org.lowernet.image.release.BmapFile;
import org.lowernet.image.release.ParallelXz;
import org.lowernet.runtime.cli.FrontDoor;

/** Real writes to regular files, from .img and .img.xz, with and without the block map beside them. */
class FlashSdTest {

    /** 6 MiB: an MBR-like first block, 1 MiB of data at 1 MiB, a few scattered blocks, a zero tail. */
    static byte[] image() {
        byte[] image = new byte[6 << 20];
        Random random = new Random(3);
        byte[] data = new byte[1 << 20];
        random.nextBytes(data);
        System.arraycopy(data, 0, image, 1 << 20, data.length);
        image[510] = 0x55;
        image[511] = (byte) 0xaa;
        for (int block : new int[] {700, 701, 1000}) {
            Arrays.fill(image, block * 4096 + 100, block * 4096 + 300, (byte) block);
        }
        return image;
    }

    @TempDir
    Path dir;
    byte[] bytes;
    Path img;

    @BeforeEach
    void writeImage() throws IOException {
        bytes = image();
        img = dir.resolve("lowernet-t-arm64.img");
        Files.write(img, bytes);
        try (OutputStream out = Files.newOutputStream(dir.resolve("lowernet-t-arm64.img.xz"))) {
            new ParallelXz(1, 2, 2 << 20).compress(new java.io.ByteArrayInputStream(bytes), out);
        }
    }

    record Run(int exit, String out, String err) {
    }

    Run flash(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = FlashSd.run(List.of(args), new BufferedReader(new StringReader("")),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new BlockDevices(dir.resolve("no-sys"), dir.resolve("no-proc")));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource({"lowernet-t-arm64.img, true", "lowernet-t-arm64.img, false", "lowernet-t-arm64.img.xz, true",
            "lowernet-t-arm64.img.xz, false"})
    void aRegularFileBecomesAnExactCopy(String image, boolean withBmap) throws IOException {
        if (withBmap) {
            BmapFile.write(BlockMap.scan(img), dir.resolve("lowernet-t-arm64.img.bmap"));
        }
        Path target = dir.resolve("copy.img");
        // Old bytes everywhere and a longer file: a copy must come out exactly the image anyway.
        byte[] old = new byte[8 << 20];
        Arrays.fill(old, (byte) 0xff);
        Files.write(target, old);

        Run run = flash(dir.resolve(image).toString(), target.toString());

        assertEquals(0, run.exit(), run.toString());
        assertEquals(-1, Files.mismatch(img, target));
        assertEquals(withBmap, run.out().contains("mapped by the block map"), run.out());
        long written = withBmap ? BlockMap.scan(img).mappedBytes() : bytes.length;
        assertTrue(run.out().contains("done: wrote " + written + " of " + bytes.length + " bytes"), run.out());
        assertTrue(run.out().contains("read back and verified"), run.out());
        assertTrue(run.out().contains("(100%)"), run.out());
    }

    @Test
    void noBmapWritesEveryByteEvenWithABmapBeside() throws IOException {
        BmapFile.write(BlockMap.scan(img), dir.resolve("lowernet-t-arm64.img.bmap"));
        Run run = flash(img.toString(), dir.resolve("copy.img").toString(), "--no-bmap", "--yes");
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("every byte (6.0 MiB)"), run.out());
        assertEquals(-1, Files.mismatch(img, dir.resolve("copy.img")));
    }

    @Test
    void aBmapOfAnotherImageStopsTheWrite() throws IOException {
        byte[] other = image();
        other[(1 << 20) + 5] ^= 1;
        Path otherImage = dir.resolve("other.img");
        Files.write(otherImage, other);
        BmapFile.write(BlockMap.scan(otherImage), dir.resolve("lowernet-t-arm64.img.bmap"));

        Run run = flash(img.toString(), dir.resolve("copy.img").toString());

        assertEquals(1, run.exit(), run.toString());
        assertTrue(run.err().contains("do not match its block map"), run.err());
        assertTrue(run.err().contains("do not use it"), run.err());
    }

    @Test
    void badArgumentsAreExplained() {
        Run none = flash();
        assertEquals(2, none.exit());
        assertTrue(none.err().contains("usage: lowernet flash IMAGE DEVICE"), none.err());
        Run force = flash(img.toString(), "x", "--force");
        assertEquals(2, force.exit());
        assertTrue(force.err().startsWith("lowernet flash: unknown option '--force'; the options are --yes, --no-bmap\n"),
                force.err());
        Run missing = flash(dir.resolve("nope.img").toString(), dir.resolve("copy.img").toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("no image file"), missing.err());
        assertFalse(Files.exists(dir.resolve("copy.img")), "nothing written for a missing image");
    }

    @Test
    void aDirectoryTargetIsRefused() throws IOException {
        Run run = flash(img.toString(), dir.toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("neither a block device nor a regular file"), run.err());
    }

    @Test
    void theHelpTextNamesExactlyTheOptions() {
        Set<String> inHelp = Pattern.compile("--[a-z][a-z-]*").matcher(FrontDoor.help("flash")).results()
                .map(MatchResult::group).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(FlashSd.OPTIONS), inHelp);
    }
}
