package org.lowernet.image.rootfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;

class LinkedLibrariesTest {

    private static final String LOADER = "/lib/ld-linux-aarch64.so.1";
    private static final String MULTIARCH = "usr/lib/aarch64-linux-gnu/";

    /** A usr-merged root with the loader (linked from /lib as libc6 ships it), libc (through its soname link) and a program linking libc and libdbus. */
    private static FileTree root() {
        return new FileTree()
                .symlink("lib", "usr/lib")
                .file(MULTIARCH + "ld-linux-aarch64.so.1", 0755, Content.of(TestElf.staticProgram()))
                .symlink("usr/lib/ld-linux-aarch64.so.1", "aarch64-linux-gnu/ld-linux-aarch64.so.1")
                .file(MULTIARCH + "libc.so.6", 0644, Content.of(TestElf.linked(Optional.empty(),
                        List.of("ld-linux-aarch64.so.1"), Optional.empty())))
                .file(MULTIARCH + "libdbus-1.so.3.38.3", 0644, Content.of(TestElf.linked(Optional.empty(),
                        List.of("libc.so.6", "libsystemd.so.0"), Optional.empty())))
                .symlink(MULTIARCH + "libdbus-1.so.3", "libdbus-1.so.3.38.3")
                .file("usr/sbin/dnsmasq", 0755, Content.of(TestElf.linked(Optional.of(LOADER),
                        List.of("libdbus-1.so.3", "libc.so.6"), Optional.empty())))
                .file("usr/bin/busybox", 0755, Content.of(TestElf.staticProgram()))
                .file("etc/hosts", 0644, Content.of("\u007fEL"));
    }

    @Test
    void theLinksOfAnElfFileAreReadAsTheLoaderReadsThem() {
        ElfLinks links = ElfLinks.read(TestElf.linked(Optional.of(LOADER), List.of("libjvm.so", "libc.so.6"),
                Optional.of("$ORIGIN:$ORIGIN/../lib")));
        assertEquals(new ElfLinks(Optional.of(LOADER), List.of("libjvm.so", "libc.so.6"), List.of("$ORIGIN", "$ORIGIN/../lib")),
                links);
        assertEquals(new ElfLinks(Optional.empty(), List.of(), List.of()), ElfLinks.read(TestElf.staticProgram()));
        var e = assertThrows(IllegalArgumentException.class, () -> ElfLinks.read(new byte[] {0x7f, 'E', 'L', 'F', 1, 1}));
        assertEquals("not a 64-bit little-endian ELF file", e.getMessage());
    }

    @Test
    void aRootWhereEveryLinkIsMetHasNothingMissing() throws IOException {
        FileTree root = root().file(MULTIARCH + "libsystemd.so.0", 0644, Content.of(TestElf.staticProgram()));
        assertEquals(List.of(), LinkedLibraries.missing(root, LinkedLibraries.ARM64_FOLDERS));
    }

    @Test
    void aLibraryLeftOutIsNamedWithWhoLinksItAndWhereItWasLookedFor() throws IOException {
        FileTree root = root().remove(MULTIARCH + "ld-linux-aarch64.so.1");
        assertEquals(List.of(
                "usr/lib/aarch64-linux-gnu/libc.so.6 links ld-linux-aarch64.so.1, which is in none of"
                        + " [/usr/lib/aarch64-linux-gnu, /usr/lib]",
                "usr/lib/aarch64-linux-gnu/libdbus-1.so.3.38.3 links libsystemd.so.0, which is in none of"
                        + " [/usr/lib/aarch64-linux-gnu, /usr/lib]",
                "usr/sbin/dnsmasq asks for the interpreter /lib/ld-linux-aarch64.so.1, which is not in the root"),
                LinkedLibraries.missing(root, LinkedLibraries.ARM64_FOLDERS));
    }

    @Test
    void runpathOriginIsTheFilesOwnFolderAndLibjvmIsLoadedByPath() throws IOException {
        String jre = "opt/lowernet/jre/";
        FileTree root = root().file(MULTIARCH + "libsystemd.so.0", 0644, Content.of(TestElf.staticProgram()))
                .file(jre + "bin/java", 0755, Content.of(TestElf.linked(Optional.of(LOADER), List.of("libjli.so", "libc.so.6"),
                        Optional.of("$ORIGIN:$ORIGIN/../lib"))))
                .file(jre + "lib/libjli.so", 0644, Content.of(TestElf.linked(Optional.empty(), List.of("libc.so.6"),
                        Optional.empty())))
                .file(jre + "lib/libjava.so", 0644, Content.of(TestElf.linked(Optional.empty(), List.of("libjvm.so"),
                        Optional.of("$ORIGIN"))))
                .file(jre + "lib/server/libjvm.so", 0644, Content.of(TestElf.staticProgram()));
        assertEquals(List.of(), LinkedLibraries.missing(root, LinkedLibraries.ARM64_FOLDERS));
        root.remove(jre + "lib/libjli.so").remove(jre + "lib/server/libjvm.so");
        assertEquals(List.of("opt/lowernet/jre/bin/java links libjli.so, which is in none of [/opt/lowernet/jre/bin,"
                + " /opt/lowernet/jre/bin/../lib, /usr/lib/aarch64-linux-gnu, /usr/lib]",
                "opt/lowernet/jre/lib/libjava.so links libjvm.so, which is in none of [/opt/lowernet/jre/lib,"
                        + " /usr/lib/aarch64-linux-gnu, /usr/lib]"),
                LinkedLibraries.missing(root, LinkedLibraries.ARM64_FOLDERS));
    }

    @Test
    void symlinksAreFollowedAndABrokenOneOrALoopIsNotAFile() {
        FileTree root = root().symlink("usr/lib/loop", "loop").symlink("usr/lib/broken", "nothing");
        assertEquals(true, LinkedLibraries.resolve(root, "/lib/aarch64-linux-gnu/libdbus-1.so.3").isPresent());
        assertEquals(true, LinkedLibraries.resolve(root, "/usr/lib/../lib/./aarch64-linux-gnu/libc.so.6").isPresent());
        assertEquals(Optional.empty(), LinkedLibraries.resolve(root, "/usr/lib/loop"));
        assertEquals(Optional.empty(), LinkedLibraries.resolve(root, "/usr/lib/broken"));
        assertEquals(Optional.empty(), LinkedLibraries.resolve(root, "/usr/lib"));
    }
}
