package org.lowernet.image.debian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manual check against the real mirror (from the explicit setting or this host's apt sources):
 * run with LOWERNET_ONLINE=1. Prints what it measured; never part of a normal build.
 */
@EnabledIfEnvironmentVariable(named = "LOWERNET_ONLINE", matches = "1")
class OnlineCheckTest {

    static final List<String> ROOTS = List.of("busybox-static", "libc6", "libstdc++6", "libgcc-s1", "zlib1g",
            "linux-image-arm64", "raspi-firmware");
    static final String JDK = "openjdk-25-jdk-headless";

    @Test
    void resolveTheImageRootsAgainstTheRealMirror(@TempDir Path dir) throws IOException {
        Mirror mirror = Mirror.choose(Mirror.explicitSetting(), Path.of("/"));
        System.out.println("mirror " + mirror);
        MirrorClient client = new MirrorClient(mirror);
        InReleaseVerifier verifier = new InReleaseVerifier(ArchiveKeys.debian());
        long start = System.nanoTime();
        PackageIndex index = new ArchiveIndex(client, verifier, System.out::println).load(Distribution.TRIXIE_ARM64);
        System.out.printf("index: %d names, loaded in %d ms%n", index.size(), (System.nanoTime() - start) / 1_000_000);

        List<PinnedPackage> base = Resolver.resolve(index, "trixie", ROOTS);
        report("roots without the JDK", base);
        System.out.println("their packages: " + base.stream()
                .sorted(java.util.Comparator.comparingLong(PinnedPackage::size).reversed())
                .map(p -> p.name() + "(" + p.size() / 1024 + "K)").toList());
        System.out.println("openjdk-NN-jdk-headless in trixie: " + jdks(index));
        for (String suite : List.of("trixie-updates", "trixie-backports")) {
            PackageIndex extra = new ArchiveIndex(client, verifier, System.out::println)
                    .load(new Distribution(suite, List.of("main"), "arm64"));
            System.out.println("openjdk-NN-jdk-headless in " + suite + ": " + jdks(extra));
        }
        if (!index.versions(JDK).isEmpty()) {
            List<PinnedPackage> jdkAlone = Resolver.resolve(index, "trixie", List.of(JDK));
            report(JDK + " alone", jdkAlone);
            List<PinnedPackage> all = Resolver.resolve(index, "trixie",
                    java.util.stream.Stream.concat(ROOTS.stream(), java.util.stream.Stream.of(JDK)).toList());
            report("all roots", all);
            System.out.println("added by the JDK: " + all.stream().filter(p -> !base.contains(p))
                    .map(p -> p.name() + "(" + p.size() / 1024 + "K)").toList());
        }

        List<String> roots = index.versions(JDK).isEmpty() ? ROOTS
                : java.util.stream.Stream.concat(ROOTS.stream(), java.util.stream.Stream.of(JDK)).toList();
        DebianPackages debian = new DebianPackages(Distribution.TRIXIE_ARM64, mirror,
                new PackageCache(dir.resolve("cache")), dir.resolve("debian.lock"), System.out::println);
        Lockfile lock = debian.update(roots);
        assertEquals(lock, debian.readLock(roots));
        Lockfile small = new Lockfile(lock.distribution(), List.of("zlib1g"), lock.packages().stream()
                .filter(p -> p.name().equals("zlib1g") || p.name().equals("busybox-static")).toList());
        var fetched = debian.fetch(small);
        assertTrue(fetched.path("zlib1g").toFile().isFile());
        System.out.println("fetched " + fetched.paths());
        System.out.println(lock.format().lines().limit(12).reduce("", (a, b) -> a + b + "\n"));
    }

    private static void report(String what, List<PinnedPackage> packages) {
        System.out.printf("%s: %d packages, %.1f MiB of .debs%n", what, packages.size(),
                DebianPackages.totalSize(packages) / 1048576.0);
    }

    private static TreeMap<String, String> jdks(PackageIndex index) {
        TreeMap<String, String> found = new TreeMap<>();
        for (int feature = 8; feature <= 30; feature++) {
            String name = "openjdk-" + feature + "-jdk-headless";
            Optional<BinaryPackage> p = index.versions(name).stream().findFirst();
            p.ifPresent(b -> found.put(name, b.version().toString()));
        }
        return found;
    }
}
