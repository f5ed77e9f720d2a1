package org.lowernet.image.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.lowernet.image.board.ImageFacts;
import org.lowernet.image.debian.Lockfile;
import org.lowernet.image.debian.PinnedPackage;
import org.lowernet.image.disk.DiskLayout;
import org.lowernet.image.release.BlockMap;
import org.lowernet.image.release.BmapFile;
import org.lowernet.image.release.CycloneDx;
import org.lowernet.image.release.MavenJars;
import org.lowernet.image.release.OsListEntry;
import org.lowernet.image.release.SbomComponent;
import org.lowernet.image.rootfs.DeviceJars;
import org.lowernet.image.tree.Content;
import org.lowernet.runtime.hash.Sha256;

/**
 * Writes the release's companion files, staged like the image: the {@code .img.bmap} for bmaptool and
 * flash-sd (mapping, besides every non-zero block, the zeroed head of the data partition, so flashing
 * over an old card wipes its old filesystem), the CycloneDX SBOM ({@code .cdx.json}) listing every Debian package and Maven jar, and the
 * Raspberry Pi Imager repository file ({@code .os_list.json}).
 */
final class ArtifactsStep {

    record Artifacts(Path bmap, Path sbom, Path osList, BlockMap map) {
    }

    private final ReleaseStep.Release release;
    private final DiskLayout layout;
    private final Lockfile lock;
    private final ImageFacts facts;
    private final List<String> imagerDevices;
    private final List<String> jreModules;
    private final Path runtimeLib;
    private final Path mavenRepository;
    private final String version;
    private final Instant epoch;
    private final Staging staging;

    ArtifactsStep(ReleaseStep.Release release, DiskLayout layout, Lockfile lock, ImageFacts facts, List<String> imagerDevices,
            List<String> jreModules, Path runtimeLib, Path mavenRepository, String version, Instant epoch,
            Staging staging) {
        this.release = release;
        this.layout = layout;
        this.lock = lock;
        this.facts = facts;
        this.imagerDevices = List.copyOf(imagerDevices);
        this.jreModules = List.copyOf(jreModules);
        this.runtimeLib = runtimeLib;
        this.mavenRepository = mavenRepository;
        this.version = version;
        this.epoch = epoch;
        this.staging = staging;
    }

    Progress.Done<Artifacts> run() throws IOException {
        String base = release.image().getFileName().toString().replaceFirst("\\.img$", "");
        Path bmap = release.image().resolveSibling(release.image().getFileName() + ".bmap");
        Path sbom = release.image().resolveSibling(base + ".cdx.json");
        Path osList = release.image().resolveSibling(base + ".os_list.json");

        BlockMap map = BlockMap.scan(Staging.partial(release.image()), alwaysMapped(layout));
        BmapFile.write(map, staging.stage(bmap));

        List<SbomComponent> components = new ArrayList<>(debianComponents(lock, facts, jreModules));
        List<MavenJars.Artifact> jars = MavenJars.identifyAll(runtimeLib, mavenRepository);
        for (MavenJars.Artifact jar : jars) {
            SortedMap<String, String> properties = new TreeMap<>(Map.of("lowernet:path",
                    "/opt/lowernet/lib/" + jar.artifactId() + ".jar"));
            // The hash is the published jar's; the root may have it without parts the device never uses.
            DeviceJars.Dropped dropped = DeviceJars.dropped(Content.of(runtimeLib.resolve(jar.artifactId() + ".jar")));
            if (dropped.any()) {
                properties.put("lowernet:laid-without", dropped.describe());
            }
            components.add(new SbomComponent("library", jar.artifactId(), jar.version(), jar.purl(), jar.sha256(),
                    properties));
        }
        Files.writeString(staging.stage(sbom), CycloneDx.format(Map.entry("lowernet", version),
                Map.entry("lowernet-image", version), epoch, components), StandardCharsets.UTF_8);

        Path xz = Staging.partial(release.xz());
        OsListEntry entry = new OsListEntry("lowernet " + version, facts.imagerDescription(),
                release.xz().getFileName().toString(), epoch, map.imageSize(), release.digest(),
                Files.size(xz), Sha256.of(xz), imagerDevices);
        Files.writeString(staging.stage(osList), entry.toJson(), StandardCharsets.UTF_8);

        return Progress.Done.made(new Artifacts(bmap, sbom, osList, map), String.format(java.util.Locale.ROOT,
                "bmap maps %s of %s (%d ranges); SBOM lists %d Debian packages and %d jars; Imager os_list entry",
                Progress.mib(map.mappedBytes()), Progress.mib(map.imageSize()), map.ranges().size(),
                lock.packages().size(), jars.size()));
    }

    /** The zeros a flash must write although they carry no data: the data partition's head. */
    static List<BlockMap.Extent> alwaysMapped(DiskLayout layout) {
        return List.of(new BlockMap.Extent(layout.dataHeadOffset(), DiskLayout.DATA_HEAD_BYTES));
    }

    /**
     * Every locked .deb, with the suite it was taken from (property lowernet:debian-suite: a -security suite
     * means a Debian security update). The kernel is the operating system, the Pi firmware firmware, the rest
     * libraries.
     */
    static List<SbomComponent> debianComponents(Lockfile lock, ImageFacts facts, List<String> jreModules) {
        Map<String, String> parts = new TreeMap<>();
        lock.parts().forEach((declared, pinned) -> parts.put(pinned, declared));
        String jdk = lock.part(facts.jdk()).name();
        List<SbomComponent> components = new ArrayList<>();
        for (PinnedPackage p : lock.packages()) {
            TreeMap<String, String> properties = new TreeMap<>();
            properties.put("lowernet:debian-suite", p.suite());
            properties.put("lowernet:debian-use", parts.containsKey(p.name())
                    ? "part: files taken from it, its dependencies not installed" : "installed in the root");
            if (p.name().equals(jdk)) {
                properties.put("lowernet:jre-modules", String.join(",", jreModules));
                properties.put("lowernet:jre", "the image carries a JRE jlink'd from this package's jmods");
            }
            String type = p.name().startsWith("linux-image-") ? "operating-system"
                    : p.name().contains("firmware") ? "firmware" : "library";
            String purl = "pkg:deb/debian/" + p.name() + "@" + purlEncode(p.version()) + "?arch=" + p.architecture()
                    + "&distro=" + facts.debian().release();
            components.add(new SbomComponent(type, p.name(), p.version(), purl, p.sha256(), properties));
        }
        return components;
    }

    /** purl-spec: the version is percent-encoded; Debian versions may hold ':' (epoch), '+' and '~'. */
    static String purlEncode(String version) {
        StringBuilder out = new StringBuilder();
        for (byte b : version.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (Character.isLetterOrDigit(c) && c < 0x80 || c == '.' || c == '-' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
