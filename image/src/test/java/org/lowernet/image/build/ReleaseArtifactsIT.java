package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.HostTools;
import org.lowernet.image.debian.Lockfile;
import org.lowernet.image.debian.PackageCache;
import org.lowernet.image.debian.PinnedPackage;
import org.lowernet.image.disk.DiskLayout;
import org.lowernet.image.release.BlockMap;
import org.lowernet.image.release.BmapFile;

/** The release companions of the real image: bmap judged by bmaptool, SBOM against the lockfile and jars, os_list. */
class ReleaseArtifactsIT {

    @TempDir
    static Path output;

    static ImageBuilder.Result image;

    @BeforeAll
    static void buildOnce() throws Exception {
        image = ImageIT.build(output.resolve("out"), PackageCache.defaultDir());
    }

    @Test
    void bmaptoolWritesTheXzWithTheBmapAndTheCopyMatchesTheImage() throws Exception {
        HostTools.require("bmaptool");
        assertEquals(image.image().resolveSibling(image.image().getFileName() + ".bmap"), image.bmap());
        Path target = output.resolve("card.bin");
        HostTools.Result copy = HostTools.run(List.of("bmaptool", "copy", "--bmap", image.bmap().toString(),
                image.xz().toString(), target.toString()));
        assertEquals(0, copy.exitCode(), copy.toString());
        assertEquals(-1, Files.mismatch(image.image(), target));

        BlockMap map = BmapFile.read(image.bmap());
        assertEquals(Files.size(image.image()), map.imageSize());
        assertTrue(map.mappedBytes() < map.imageSize() / 2, "the empty space is not mapped: " + map.mappedBytes());
        // Every non-zero block, and the data partition's zeroed head as well.
        assertEquals(map, BlockMap.scan(image.image(), ArtifactsStep.alwaysMapped(
                DiskLayout.of(DiskImageStep.BOOT_BYTES, DiskImageStep.IMAGE_BYTES))));
    }

    @Test
    void theSbomListsEveryLockedPackageAndEveryJarWithExactVersions() throws Exception {
        String sbom = Files.readString(image.sbom());
        assertTrue(image.sbom().getFileName().toString().equals("lowernet-it-arm64.cdx.json"), image.sbom().toString());
        Lockfile lock = Lockfile.read(ImageIT.PROJECT.resolve("image/debian.lock"));
        List<String> components = objects(sbom.substring(sbom.indexOf("\"components\": [")));
        assertEquals(lock.packages().size() + jars().size(), components.size());
        for (PinnedPackage p : lock.packages()) {
            String c = component(components, p.name());
            assertTrue(c.contains("\"version\": \"" + p.version() + "\""), c);
            assertTrue(c.contains("\"content\": \"" + p.sha256() + "\""), c);
            assertTrue(c.contains("\"purl\": \"pkg:deb/debian/" + p.name() + "@"), c);
            assertTrue(c.contains("?arch=" + p.architecture() + "&distro=trixie\""), c);
            assertTrue(c.contains("\"name\": \"lowernet:debian-suite\",\n          \"value\": \"" + p.suite() + "\""), c);
        }
        for (String needed : List.of("busybox-static", "raspi-firmware", "openjdk-25-jdk-headless")) {
            assertTrue(lock.packages().stream().anyMatch(p -> p.name().equals(needed)), needed + " not locked");
        }
        String kernel = component(components, lock.part("linux-image-arm64").name());
        assertTrue(kernel.startsWith("{\n      \"type\": \"operating-system\",\n      \"bom-ref\": \"pkg:deb/debian/linux-image-"), kernel);
        assertTrue(component(components, "raspi-firmware").contains("\"type\": \"firmware\""));
        assertTrue(component(components, "openjdk-25-jdk-headless").contains("\"name\": \"lowernet:jre-modules\",\n"
                + "          \"value\": \"java.base,"), component(components, "openjdk-25-jdk-headless"));
        assertTrue(component(components, "tinylog-api").contains("\"purl\": \"pkg:maven/org.tinylog/tinylog-api@2.7.0\""));
        assertTrue(component(components, "tinylog-impl").contains("\"purl\": \"pkg:maven/org.tinylog/tinylog-impl@2.7.0\""));
        String jna = component(components, "jna");
        assertTrue(jna.contains("\"purl\": \"pkg:maven/net.java.dev.jna/jna@5.19."), jna);
        assertTrue(jna.contains("\"content\": \"" + ImageIT.sha256(Files.newInputStream(
                ImageIT.PROJECT.resolve("runtime/target/lowernet-runtime/lib/jna.jar"))) + "\""), jna);
        // The root has Paho's jar without its signature and JNA's without other machines' libraries
        // (rootfs.DeviceJars); the SBOM says so beside the published jars' hashes.
        assertTrue(Pattern.compile("\"name\": \"lowernet:laid-without\",\n +\"value\": \"2[0-9] native libraries for"
                + " other machines \\(").matcher(jna).find(), jna);
        String paho = component(components, "org.eclipse.paho.client.mqttv3");
        assertTrue(paho.contains("\"name\": \"lowernet:laid-without\",\n          \"value\": \"its signature\""), paho);
        assertFalse(component(components, "tinylog-api").contains("lowernet:laid-without"));
        assertTrue(sbom.contains("\"timestamp\": \"" + Main.parse(new String[0]).epoch() + "\""), sbom);
    }

    @Test
    void pythonReadsTheSbomAndTheOsList() throws Exception {
        for (Path json : List.of(image.sbom(), image.osList())) {
            HostTools.Result check = HostTools.run(List.of("python3", "-c",
                    "import json,sys; json.load(open(sys.argv[1], encoding='utf-8'))", json.toString()));
            assertEquals(0, check.exitCode(), json + ": " + check);
        }
    }

    @Test
    void theOsListEntryDescribesTheReleaseFiles() throws Exception {
        String os = Files.readString(image.osList());
        assertEquals("lowernet-it-arm64.os_list.json", image.osList().getFileName().toString());
        assertTrue(os.contains("\"url\": \"lowernet-it-arm64.img.xz\""), os);
        assertTrue(os.contains("\"extract_size\": " + Files.size(image.image()) + ","), os);
        assertTrue(os.contains("\"extract_sha256\": \"" + image.digest() + "\""), os);
        assertTrue(os.contains("\"image_download_size\": " + Files.size(image.xz()) + ","), os);
        assertTrue(os.contains("\"image_download_sha256\": \""
                + ImageIT.sha256(Files.newInputStream(image.xz())) + "\""), os);
        assertTrue(os.contains("\"release_date\": \""
                + Main.parse(new String[0]).epoch().atOffset(ZoneOffset.UTC).toLocalDate() + "\""), os);
        assertTrue(os.contains("\"pi3-64bit\"") && os.contains("\"pi4-64bit\""), os);
    }

    /** A build that fails in its last step leaves no image, checksum, bmap or .partial behind. */
    @Test
    void aBuildThatFailsAtTheArtifactsLeavesNothing() throws Exception {
        Path runtime = output.resolve("runtime");
        ProjectCopy.copyTree(ImageIT.PROJECT.resolve("runtime/target/lowernet-runtime"), runtime);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(runtime.resolve("lib/mystery.jar")))) {
            zip.putNextEntry(new ZipEntry("x/Y.class"));
            zip.write(new byte[] {1, 2, 3});
        }
        Path out = output.resolve("failed");
        BuildContext context = new BuildContext(ImageIT.PROJECT, runtime, List.of(), out, PackageCache.defaultDir(),
                Optional.of(ImageIT.OFFLINE_MIRROR), Optional.of(ImageIT.OFFLINE_SECURITY_MIRROR), List.of(), false, "it",
                Main.parse(new String[0]).epoch(), false, Optional.empty()).validated();

        IOException e = assertThrows(IOException.class, () -> new ImageBuilder(context, System.out).build());

        assertTrue(e.getMessage().contains("mystery.jar"), e.getMessage());
        try (var files = Files.list(out)) {
            List<String> left = files.map(f -> f.getFileName().toString()).filter(n -> !n.equals("work")).toList();
            assertEquals(List.of(), left);
        }
    }

    private static List<Path> jars() throws IOException {
        try (var files = Files.list(ImageIT.PROJECT.resolve("runtime/target/lowernet-runtime/lib"))) {
            return files.filter(f -> f.toString().endsWith(".jar")).toList();
        }
    }

    /** The top-level objects of the components array, each as its text (the writer indents them by 4). */
    private static List<String> objects(String array) {
        Matcher m = Pattern.compile("(?s)\n    \\{.*?\n    }").matcher(array);
        return m.results().map(r -> r.group().substring(5)).toList();
    }

    private static String component(List<String> components, String name) {
        return components.stream().filter(c -> c.contains("\"name\": \"" + name + "\",")).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not in the SBOM"));
    }
}
