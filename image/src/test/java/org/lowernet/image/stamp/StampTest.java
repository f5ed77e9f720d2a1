package org.lowernet.image.stamp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lowernet.image.stamp.TestImages.MIB;
import static org.lowernet.image.stamp.TestImages.PARTITION_BYTES;
import static org.lowernet.image.stamp.TestImages.PARTITION_OFFSET;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.HostTools;
import org.lowernet.image.fat.FatReader;
import org.lowernet.runtime.cli.FrontDoor;
import org.lowernet.runtime.config.ConfigError;
import org.lowernet.runtime.config.ConfigParser;
import org.lowernet.runtime.hash.Sha256;
import org.lowernet.runtime.update.ReleasePrivateKey;
import org.lowernet.runtime.update.ReleasePublicKey;
import org.lowernet.runtime.wgkey.WgPrivateKey;
import org.lowernet.runtime.wgkey.WgPublicKey;

class StampTest {

    @TempDir
    Path dir;

    Path image;

    /** What the command printed, and its exit code. */
    record Run(int code, String out, String err) {
    }

    @BeforeEach
    void image() throws IOException {
        image = TestImages.write(dir.resolve("lowernet.img"));
    }

    @Test
    void theStampedPartitionPassesFsckAndMtoolsReadsBackTheExactConfigAndKey() throws Exception {
        Path key = Files.writeString(dir.resolve("id_ed25519.pub"), AuthorizedKeysTest.ed25519Line("me@laptop") + "\n");
        Run run = stamp(image.toString(), "--out", "node.img", "--set", "node.name=infoshop-1",
                "--set", "site=riverside", "--ssh-key", key.toString());
        assertEquals(0, run.code(), run.toString());
        Path node = dir.resolve("node.img");

        Path partition = dir.resolve("partition.fat");
        Files.write(partition, bytes(node, PARTITION_OFFSET, PARTITION_BYTES));
        String report = HostTools.sh(dir, "fsck.fat -n partition.fat");
        assertTrue(report.matches("fsck.fat [^\n]+\npartition.fat: \\d+ files, \\d+/\\d+ clusters\n"), report);

        String expected = """
                # lowernet.conf: the settings of this router.
                # The router's name.
                # node.name = infoshop-1
                node.name = infoshop-1
                # site = riverside
                site = riverside
                lan.address = 10.42.0.1/24   # the LAN
                """;
        assertEquals(expected, mcopy(node, "lowernet.conf"));
        assertEquals(Files.readString(key), mcopy(node, "authorized_keys"));
        assertArrayEquals(mcopyBytes(image, "vmlinuz"), mcopyBytes(node, "vmlinuz"));
        // Same volume id, label, geometry and hidden sectors: the boot sector is the original's.
        assertArrayEquals(bytes(image, PARTITION_OFFSET, 512), bytes(node, PARTITION_OFFSET, 512));
        assertTrue(run.out().contains("stamped node.img ("), run.out());
    }

    @Test
    void everyByteOutsideTheFatPartitionIsUnchanged() throws Exception {
        Run run = stamp(image.toString(), "--out", "node.img", "--set", "node.name=infoshop-1");
        assertEquals(0, run.code(), run.toString());
        Path node = dir.resolve("node.img");

        assertEquals(Files.size(image), Files.size(node));
        long end = PARTITION_OFFSET + PARTITION_BYTES;
        assertArrayEquals(bytes(image, 0, PARTITION_OFFSET), bytes(node, 0, PARTITION_OFFSET));
        for (long at = end; at < Files.size(image); at += 4 * MIB) {
            long length = Math.min(4 * MIB, Files.size(image) - at);
            assertArrayEquals(bytes(image, at, length), bytes(node, at, length), "bytes at " + at);
        }
        assertFalse(Arrays.equals(bytes(image, PARTITION_OFFSET, PARTITION_BYTES),
                bytes(node, PARTITION_OFFSET, PARTITION_BYTES)), "the partition should have changed");
    }

    @Test
    void anInvalidSetIsRefusedWithTheValidatorsMessageAndNothingIsWritten() throws Exception {
        Run run = stamp(image.toString(), "--out", "node.img", "--set", "lan.address=10.42.0.0/24",
                "--set", "node.name=Bad_Name");
        assertEquals(1, run.code(), run.toString());

        String stamped = ConfigEdit.apply(TestImages.CONFIG, List.of(new Assignment("lan.address", "10.42.0.0/24"),
                new Assignment("node.name", "Bad_Name")));
        List<ConfigError> errors = ConfigParser.parse(stamped.getBytes(StandardCharsets.UTF_8), "lowernet.conf").errors();
        assertEquals(2, errors.size(), errors.toString());
        for (ConfigError error : errors) {
            assertTrue(run.err().contains("node.img: " + error.message() + "\n"), run.err());
        }
        assertTrue(run.err().contains("lan.address = 10.42.0.0/24: expected"), run.err());
        assertTrue(run.err().endsWith("lowernet stamp: refused, nothing written\n"), run.err());
        assertEquals(List.of(image), files(dir));
    }

    @Test
    void aPrivateKeyIsRefusedAndNothingIsWritten() throws Exception {
        Path key = Files.writeString(dir.resolve("id_ed25519"), """
                -----BEGIN OPENSSH PRIVATE KEY-----
                b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
                -----END OPENSSH PRIVATE KEY-----
                """);
        Run run = stamp(image.toString(), "--out", "node.img", "--ssh-key", key.toString());
        assertEquals(1, run.code(), run.toString());
        assertTrue(run.err().startsWith("--ssh-key id_ed25519 is a PRIVATE key; it must never be copied to a card."
                + " Give the public key instead: id_ed25519.pub\n"), run.err());
        assertEquals(List.of(key, image), files(dir));
    }

    @Test
    void aReleaseKeysPublicHalfGoesOnTheCardAndItsPrivateHalfIsRefused() throws Exception {
        ReleasePrivateKey release = ReleasePrivateKey.generate();
        Path pub = Files.writeString(dir.resolve("release.key.pub"), release.publicKey().fileText("infoshop"));
        Run run = stamp(image.toString(), "--out", "node.img", "--release-pub", pub.toString());
        assertEquals(0, run.code(), run.toString());
        assertEquals(release.publicKey(), ReleasePublicKey.parseFile(mcopy(dir.resolve("node.img"), "release.pub")));

        Path key = Files.writeString(dir.resolve("release.key"), release.fileText());
        Run refused = stamp(image.toString(), "--out", "other.img", "--release-pub", key.toString());
        assertEquals(1, refused.code(), refused.toString());
        assertTrue(refused.err().startsWith("--release-pub " + key.getFileName() + " is the PRIVATE release key; it must never be"
                + " copied to a card. Give its public half, release.key.pub\n"), refused.err());
        assertTrue(Files.notExists(dir.resolve("other.img")));
    }

    @Test
    void stampingTwiceGivesTheSameBytes() throws Exception {
        assertEquals(0, stamp(image.toString(), "--out", "a.img", "--set", "node.name=same").code());
        assertEquals(0, stamp(image.toString(), "--out", "b.img", "--set", "node.name=same").code());
        assertEquals(-1, Files.mismatch(dir.resolve("a.img"), dir.resolve("b.img")));
    }

    @Test
    void theInputIsNeverOverwrittenAndAnOutputOnlyWithForce() throws Exception {
        byte[] before = Files.readAllBytes(image);
        Run self = stamp(image.toString(), "--out", image.toString(), "--force", "--set", "node.name=x");
        assertEquals(1, self.code(), self.toString());
        assertTrue(self.err().contains("is the image being stamped; write to another file"), self.err());
        assertArrayEquals(before, Files.readAllBytes(image));

        Files.writeString(dir.resolve("node.img"), "old");
        Run exists = stamp(image.toString(), "--out", "node.img", "--set", "node.name=x");
        assertEquals(1, exists.code(), exists.toString());
        assertTrue(exists.err().contains("node.img exists; remove it or stamp with --force"), exists.err());
        assertEquals("old", Files.readString(dir.resolve("node.img")));

        Run forced = stamp(image.toString(), "--out", "node.img", "--set", "node.name=x", "--force");
        assertEquals(0, forced.code(), forced.toString());
        assertEquals(Files.size(image), Files.size(dir.resolve("node.img")));
        assertEquals(List.of(image, dir.resolve("node.img")), files(dir));
    }

    @Test
    void configReplacesTheImagesOwnFile() throws Exception {
        Path config = Files.writeString(dir.resolve("mine.conf"), "site = hillside\n");
        Run run = stamp(image.toString(), "--out", "node.img", "--config", config.toString(), "--set", "node.name=n1");
        assertEquals(0, run.code(), run.toString());
        assertEquals("site = hillside\nnode.name = n1\n", mcopy(dir.resolve("node.img"), "lowernet.conf"));
    }

    @Test
    void theHelpTextNamesExactlyTheOptions() {
        Set<String> inHelp = Pattern.compile("--[a-z][a-z-]*").matcher(FrontDoor.help("stamp")).results()
                .map(MatchResult::group).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(StampCommand.OPTIONS), inHelp);
    }

    @Test
    void wrongCommandLinesExitWithTwo() {
        assertEquals(2, stamp(image.toString()).code());
        assertEquals(2, stamp(image.toString(), "--out", "a.img", "--batch", "n.csv").code());
        assertEquals(2, stamp(image.toString(), "--batch", "n.csv").code());
        Run bad = stamp(image.toString(), "--out", "a.img", "--set", "node.name");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--set 'node.name' is not key=value"), bad.err());
        assertTrue(bad.err().contains("usage: lowernet stamp IMAGE --out NODE.img"), bad.err());
    }

    @Test
    void aBatchOfFiftyRowsGivesFiftyDistinctValidImages() throws Exception {
        StringBuilder csv = new StringBuilder("node.name,site,lan.address\n");
        for (int i = 1; i <= 50; i++) {
            csv.append("node-").append(i).append(",riverside,\"10.").append(i).append(".0.1/24\"\n");
        }
        Path nodes = Files.writeString(dir.resolve("nodes.csv"), csv);
        Run run = stamp(image.toString(), "--batch", nodes.toString(), "--out-dir", "cards");
        assertEquals(0, run.code(), run.toString());
        assertEquals(51, run.out().lines().count(), run.out());

        List<Path> cards = files(dir.resolve("cards"));
        assertEquals(50, cards.size());
        assertEquals(50, cards.stream().map(StampTest::sha256).distinct().count());
        for (int i = 1; i <= 50; i++) {
            Path card = dir.resolve("cards/node-" + i + ".img");
            byte[] config = readFat(card, "lowernet.conf");
            var result = ConfigParser.parse(config, card.toString());
            assertTrue(result.valid(), result.errors().toString());
            assertEquals("node-" + i, result.config().orElseThrow().node().name().orElseThrow());
            assertEquals("10." + i + ".0.1/24", result.config().orElseThrow().lan().address().toString());
        }
    }

    @Test
    void aBadRowRefusesTheWholeBatchNamingTheRow() throws Exception {
        Path nodes = Files.writeString(dir.resolve("nodes.csv"), """
                node.name,lan.address
                good-1,10.1.0.1/24
                good-2,10.2.0.1/24
                bad-3,10.3.0.0/24
                """);
        Run run = stamp(image.toString(), "--batch", nodes.toString(), "--out-dir", "cards");
        assertEquals(1, run.code(), run.toString());
        assertTrue(run.err().startsWith("nodes.csv:4 (bad-3): lowernet.conf:6: lan.address = 10.3.0.0/24: expected"),
                run.err());
        assertFalse(Files.exists(dir.resolve("cards")), "a refused batch must write nothing");
    }

    @Test
    void eachCardCarriesThePrivateKeyOfThePublicKeyTheTableListsForIt() throws Exception {
        Path nodes = Files.writeString(dir.resolve("nodes.csv"), """
                node.name,site
                Hill-1,riverside
                vale-2,riverside
                dock-3,riverside
                """);
        Path cards = dir.resolve("cards");
        Run run = stamp(image.toString(), "--batch", nodes.toString(), "--out-dir", cards.toString(), "--tunnel-keys");
        assertEquals(0, run.code(), run.toString());

        List<String> table = Files.readAllLines(cards.resolve("tunnel-keys.csv"));
        assertEquals("node.name,public_key", table.getFirst());
        Map<String, WgPublicKey> listed = new LinkedHashMap<>();
        table.subList(1, table.size()).forEach(row -> listed.put(row.split(",")[0], WgPublicKey.parse(row.split(",")[1])));
        assertEquals(List.of("hill-1", "vale-2", "dock-3"), List.copyOf(listed.keySet()));

        Set<WgPrivateKey> privateKeys = new HashSet<>();
        String tableText = Files.readString(cards.resolve("tunnel-keys.csv"));
        for (Map.Entry<String, WgPublicKey> node : listed.entrySet()) {
            byte[] file = readFat(cards.resolve(node.getKey() + ".img"), "tunnel.key");
            String text = new String(file, StandardCharsets.US_ASCII);
            assertTrue(text.matches("[A-Za-z0-9+/]{43}=\n"), "base64 and a newline, as wg genkey writes: " + text.length());
            WgPrivateKey key = WgPrivateKey.parse(text);
            assertEquals(node.getValue(), key.publicKey(), node.getKey());
            privateKeys.add(key);
            for (String output : List.of(tableText, run.out(), run.err())) {
                assertFalse(output.contains(key.base64()), "a private key in the table or the command's output");
                assertFalse(output.contains(key.base64().substring(0, 20)), "a piece of a private key in the output");
            }
            assertTrue(run.out().contains(node.getKey() + ".img (") && run.out().contains("tunnel public key "
                    + node.getValue().base64()), run.out());
        }
        assertEquals(3, privateKeys.size(), "every node its own key");
        assertEquals(3, new HashSet<>(listed.values()).size());
        assertTrue(run.out().contains("cards/tunnel-keys.csv (3 public keys; each private key is on its own card only)"),
                run.out());
    }

    @Test
    void aBatchJoinsItsOwnNodesByNamingEachOthersStampedKeys() throws Exception {
        Path nodes = Files.writeString(dir.resolve("nodes.csv"), """
                node.name,tunnel.far.peer,tunnel.far.public_key,tunnel.far.listen_port
                gw-a,,@GW-B,51820
                gw-b,198.51.100.1:51820,@gw-a,
                """);
        Path cards = dir.resolve("cards");
        Run run = stamp(image.toString(), "--batch", nodes.toString(), "--out-dir", cards.toString(), "--tunnel-keys");
        assertEquals(0, run.code(), run.toString());
        for (String[] pair : new String[][] {{"gw-a", "gw-b"}, {"gw-b", "gw-a"}}) {
            var config = ConfigParser.parse(readFat(cards.resolve(pair[0] + ".img"), "lowernet.conf"), pair[0])
                    .config().orElseThrow();
            WgPrivateKey other = WgPrivateKey.parse(new String(readFat(cards.resolve(pair[1] + ".img"), "tunnel.key"),
                    StandardCharsets.US_ASCII));
            assertEquals(other.publicKey(), config.tunnels().getFirst().publicKey(), pair[0] + "'s tunnel to " + pair[1]);
        }

        Path wrong = Files.writeString(dir.resolve("wrong.csv"), """
                node.name,tunnel.far.listen_port,tunnel.far.public_key
                gw-a,51820,@gw-c
                gw-b,51821,@gw-b
                """);
        Run refused = stamp(image.toString(), "--batch", wrong.toString(), "--out-dir", dir.resolve("more").toString(),
                "--tunnel-keys");
        assertEquals(1, refused.code(), refused.toString());
        assertTrue(refused.err().startsWith("""
                wrong.csv:2 (gw-a): tunnel.far.public_key = @gw-c: no node gw-c in this stamp; the nodes are gw-a, gw-b
                wrong.csv:3 (gw-b): tunnel.far.public_key = @gw-b: this node's own key; a tunnel needs the other end's
                """), refused.err());
        Run withoutKeys = stamp(image.toString(), "--batch", nodes.toString(), "--out-dir", dir.resolve("more").toString());
        assertEquals(1, withoutKeys.code(), withoutKeys.toString());
        assertTrue(withoutKeys.err().contains("gw-a): tunnel.far.public_key = @GW-B: a node's stamped key needs"
                + " --tunnel-keys"), withoutKeys.err());
        assertFalse(Files.exists(dir.resolve("more")), "a refusal writes nothing");
    }

    @Test
    void aSingleCardPrintsItsPublicKeyAndTheSourcesKeyIsNeverCopied() throws Exception {
        Path first = dir.resolve("first.img");
        Run run = stamp(image.toString(), "--out", first.toString(), "--set", "node.name=hill-1", "--tunnel-keys");
        assertEquals(0, run.code(), run.toString());
        WgPrivateKey key = WgPrivateKey.parse(new String(readFat(first, "tunnel.key"), StandardCharsets.US_ASCII));
        assertTrue(run.out().contains("tunnel public key " + key.publicKey().base64()), run.out());
        assertFalse(run.out().contains(key.base64()), run.out());
        assertFalse(Files.exists(dir.resolve("tunnel-keys.csv")), "no table for a single card");

        // Stamping from a stamped card: its private key must not spread to other cards.
        Path second = dir.resolve("second.img");
        Run again = stamp(first.toString(), "--out", second.toString(), "--set", "node.name=vale-2");
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().contains("carries a tunnel.key; not copied: a private key belongs to one node"),
                again.out());
        assertFalse(fatFiles(second).contains("tunnel.key"), fatFiles(second).toString());

        Path third = dir.resolve("third.img");
        Run fresh = stamp(first.toString(), "--out", third.toString(), "--set", "node.name=dock-3", "--tunnel-keys");
        assertEquals(0, fresh.code(), fresh.toString());
        WgPrivateKey other = WgPrivateKey.parse(new String(readFat(third, "tunnel.key"), StandardCharsets.US_ASCII));
        assertFalse(other.equals(key), "a fresh key, not the source's");
    }

    @Test
    void anExistingTableIsReplacedOnlyWithForce() throws Exception {
        Path nodes = Files.writeString(dir.resolve("nodes.csv"), "node.name\nhill-1\n");
        Path cards = Files.createDirectories(dir.resolve("cards"));
        Files.writeString(cards.resolve("tunnel-keys.csv"), "node.name,public_key\nold,x\n");
        Run refused = stamp(image.toString(), "--batch", nodes.toString(), "--out-dir", cards.toString(), "--tunnel-keys");
        assertEquals(1, refused.code(), refused.toString());
        assertTrue(refused.err().contains("tunnel-keys.csv exists; remove it or stamp with --force"), refused.err());
        assertFalse(Files.exists(cards.resolve("hill-1.img")), "a refusal writes nothing");

        Run forced = stamp(image.toString(), "--batch", nodes.toString(), "--out-dir", cards.toString(), "--tunnel-keys",
                "--force");
        assertEquals(0, forced.code(), forced.toString());
        assertEquals(2, Files.readAllLines(cards.resolve("tunnel-keys.csv")).size());
    }

    private Run stamp(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // Relative outputs resolve against the test's folder, as a shell's would against its directory.
        List<String> absolute = Arrays.stream(args)
                .map(a -> a.equals("node.img") || a.equals("a.img") || a.equals("b.img") || a.equals("cards")
                        ? dir.resolve(a).toString() : a)
                .toList();
        int code = StampCommand.run(absolute, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8).replace(dir + "/", ""),
                err.toString(StandardCharsets.UTF_8).replace(dir + "/", ""));
    }

    private String mcopy(Path img, String name) throws Exception {
        return new String(mcopyBytes(img, name), StandardCharsets.UTF_8);
    }

    private byte[] mcopyBytes(Path img, String name) throws Exception {
        HostTools.Result r = HostTools.run(List.of("mcopy", "-n", "-i", img + "@@" + PARTITION_OFFSET, "::" + name, "-"),
                java.util.Map.of("MTOOLS_SKIP_CHECK", "1"));
        assertEquals(0, r.exitCode(), r.toString());
        return r.stdout();
    }

    static byte[] readFat(Path img, String name) throws IOException {
        try (FileChannel channel = FileChannel.open(img)) {
            return new FatReader(channel, PARTITION_OFFSET).read(name);
        }
    }

    static byte[] bytes(Path file, long offset, long length) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(offset);
            return in.readNBytes((int) length);
        }
    }

    /** The paths on the FAT partition of {@code img}. */
    private static List<String> fatFiles(Path img) throws IOException {
        try (FileChannel channel = FileChannel.open(img)) {
            return new FatReader(channel, PARTITION_OFFSET).list().stream().map(FatReader.Entry::path).toList();
        }
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.sorted().toList();
        }
    }

    static String sha256(Path file) {
        try {
            return Sha256.of(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
