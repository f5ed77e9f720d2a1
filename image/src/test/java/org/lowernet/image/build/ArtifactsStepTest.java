package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.lowernet.image.board.Boards;
import org.lowernet.image.board.ImageFacts;
import org.lowernet.image.debian.Distribution;
import org.lowernet.image.debian.Lockfile;
import org.lowernet.image.debian.TestArchive.Deb;
import org.lowernet.image.release.SbomComponent;

class ArtifactsStepTest {

    /** Each Debian component says which suite it was taken from: a -security one is a security update. */
    @Test
    void theSbomRecordsEachPackagesSuite() {
        ImageFacts facts = Boards.read(ImageIT.PROJECT.resolve("board")).facts();
        Distribution three = facts.debian();
        Lockfile lock = new Lockfile(three, List.of("dnsmasq-base"), new java.util.TreeMap<>(Map.of(
                "openjdk-25-jdk-headless", "openjdk-25-jdk-headless")), List.of(
                new Deb("dnsmasq-base", "2.91-1+deb13u3").inSecurityPool().pin("trixie-security"),
                new Deb("libc6", "2.41-12+deb13u5").pin("trixie"),
                new Deb("openjdk-25-jdk-headless", "25.0.5.1+2-1~deb13u1").pin("trixie-security")));

        Map<String, String> suites = ArtifactsStep.debianComponents(lock, facts, List.of("java.base")).stream()
                .collect(Collectors.toMap(SbomComponent::name, c -> c.properties().get("lowernet:debian-suite")));

        assertEquals(Map.of("dnsmasq-base", "trixie-security", "libc6", "trixie",
                "openjdk-25-jdk-headless", "trixie-security"), suites);
        assertEquals("pkg:deb/debian/libc6@2.41-12%2Bdeb13u5?arch=arm64&distro=trixie",
                ArtifactsStep.debianComponents(lock, facts, List.of()).stream()
                        .filter(c -> c.name().equals("libc6")).findFirst().orElseThrow().purl());
    }
}
