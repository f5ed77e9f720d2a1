package org.lowernet.image.build;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.lowernet.image.deb.DebArchive;
import org.lowernet.image.deb.UsrMerge;
import org.lowernet.image.debian.NotFollowed;
import org.lowernet.image.rootfs.BusyboxApplets;
import org.lowernet.image.rootfs.DeviceJars;
import org.lowernet.image.rootfs.LinkedLibraries;
import org.lowernet.image.rootfs.OverlayModes;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.HostFolder;
import org.lowernet.image.tree.Node;
import org.lowernet.image.tree.OwnedTree;
import org.lowernet.runtime.board.Board;
import org.lowernet.runtime.board.JvmOptions;
import org.lowernet.runtime.hash.Sha256;
import org.lowernet.runtime.update.ReleasePublicKey;
import org.lowernet.runtime.update.TrustedKeys;

/**
 * Lays out the device's whole root filesystem: Debian packages, busybox's applet links, the kernel
 * modules, the JRE and runtime under {@code /opt/lowernet}, the board profiles and the overlay on top.
 * Each package's files are its own (a path two packages ship fails the build); what comes after the
 * packages may replace their files, and the build prints one line per replaced path.
 */
final class RootTreeStep {

    static final String RUNTIME_HOME = "opt/lowernet";
    static final String BUSYBOX = "usr/bin/busybox";
    /**
     * The build epoch as an ISO-8601 line: the runtime never sets the clock of a board without a real-time
     * clock earlier than this (runtime.clock.ClockKeeper.BUILD_TIME).
     */
    static final String BUILD_TIME = "etc/lowernet/build-time";

    /** What a RAM-only router never reads: documentation, translations, charset converters. */
    private static final Pattern LEFT_OUT = Pattern.compile(
            "usr/share/(doc|man|info|locale|lintian|bug)(/.*)?|usr/lib/[^/]+-linux-gnu/gconv(/.*)?");

    private static final String PACKAGE_STEP = "root-package";

    /** The part that lays the runtime folder: its entries are the initramfs's runtime layer. */
    private static final String RUNTIME_PART = "the runtime";

    /**
     * The root, and the same entries in two layers: what the runtime folder laid (rebuilt on every change to
     * the runtime) and everything else (the base, which changes only with packages, kernel, JRE, boards or
     * overlay). Each layer carries the directories above its entries, so either unpacks alone.
     */
    record RootTree(FileTree whole, FileTree base, FileTree runtime) {
    }

    private final List<Path> packages;
    private final FileTree kernelModules;
    private final FileTree jre;
    private final Path runtime;
    private final Path overlay;
    private final Path boardFolder;
    private final List<Board> boards;
    private final List<String> bootModules;
    private final Instant epoch;
    private final Optional<ReleasePublicKey> releaseKey;
    private final StepCache cache;
    private final Consumer<String> say;

    /** @param releaseKey the release key the image trusts (its updates), from --release-key */
    RootTreeStep(List<Path> packages, FileTree kernelModules, FileTree jre, Path runtime, Path overlay,
            Path boardFolder, List<Board> boards, List<String> bootModules, Instant epoch,
            Optional<ReleasePublicKey> releaseKey, StepCache cache, Consumer<String> say) {
        this.packages = List.copyOf(packages);
        this.kernelModules = kernelModules;
        this.jre = jre;
        this.runtime = runtime;
        this.overlay = overlay;
        this.boardFolder = boardFolder;
        this.boards = List.copyOf(boards);
        this.bootModules = List.copyOf(bootModules);
        this.epoch = epoch;
        this.releaseKey = releaseKey;
        this.cache = cache;
        this.say = say;
    }

    Progress.Done<RootTree> run() throws IOException {
        OwnedTree root = new OwnedTree();
        List<OwnedTree.Clash> clashes = new ArrayList<>(root.add("lowernet's base layout", baseLayout()));
        for (Path deb : packages) {
            clashes.addAll(root.add(DebArchive.control(deb).packageName(), files(deb)));
        }
        refuse(clashes);
        List<OwnedTree.Replacement> replaced = new ArrayList<>();
        replaced.addAll(root.layOver("the usr-merge links", "", UsrMerge.missingLinks(root.tree())));
        FileTree applets = appletLinks(root.tree());
        replaced.addAll(root.layOver("busybox's applet links", "", applets));
        replaced.addAll(root.layOver("the kernel modules", "", kernelModules));
        FileTree runtimeFiles = HostFolder.read(runtime);
        DeviceJars.trimAll(runtimeFiles).forEach(jar -> say.accept("root: " + RUNTIME_HOME + "/" + jar));
        replaced.addAll(root.layOver(RUNTIME_PART, RUNTIME_HOME, runtimeFiles));
        replaced.addAll(root.layOver("the JRE", RUNTIME_HOME + "/jre", jre));
        replaced.addAll(root.layOver("the board profiles", "", boardFiles()));
        OverlayModes modes = OverlayModes.read(overlay.resolve(".modes"));
        FileTree laid = HostFolder.read(overlay, modes::modeOf);
        laid.remove(".modes").remove("README.md");
        replaced.addAll(root.layOver("the overlay", "", laid));
        replaced.forEach(r -> say.accept("root: " + r.by() + " replaces " + r.path() + " from " + r.owner()));
        FileTree tree = root.tree();
        refuseUnmetLinks(LinkedLibraries.missing(tree, LinkedLibraries.ARM64_FOLDERS));
        OwnedTree.Split layers = root.split(RUNTIME_PART);
        return Progress.Done.made(new RootTree(tree, layers.rest(), layers.owned()), tree.size() + " entries, "
                + Progress.mib(tree.contentBytes()) + ", " + applets.subtree("usr/bin").size() + " busybox applets");
    }

    /**
     * A package's files as the root takes them (documentation left out), kept in the step cache by the
     * .deb's hash: unpacking the packages' xz data was most of this step (2.7 s of 4.5 s), reading them back
     * from the cache's plain cpio takes a fraction of that.
     */
    private FileTree files(Path deb) throws IOException {
        String key = StepCache.key(List.of(PACKAGE_STEP, LEFT_OUT.pattern(), Sha256.of(deb)));
        Optional<FileTree> cached = cache.get(PACKAGE_STEP, key);
        if (cached.isPresent()) {
            return cached.get();
        }
        FileTree files = new FileTree();
        DebArchive.unpack(deb, path -> !LEFT_OUT.matcher(path).matches(), files);
        cache.put(PACKAGE_STEP, key, files);
        return files;
    }

    /**
     * Two packages shipping one file or symlink fail the build, even with identical bytes: dpkg refuses
     * to install such a pair (the one exception, Multi-Arch: same packages of several architectures,
     * cannot occur in a one-architecture root), and diversions, which would let both live, are made by
     * maintainer scripts this build does not run. The trixie set in image/debian.lock has no such path;
     * documentation is left out before this check, so clashes there do not count.
     */
    private void refuse(List<OwnedTree.Clash> clashes) {
        if (!clashes.isEmpty()) {
            throw new BuildException("laying out the root: " + clashes.size() + " path(s) shipped twice, "
                    + String.join("; ", clashes.stream().map(OwnedTree.Clash::toString).toList())
                    + ". Keep one of each pair: drop the other package (or the package that depends on it) from "
                    + boardFolder.resolve("common/packages") + " and run scripts/build --update-lock");
        }
    }

    /** A program or library whose shared library is not in the root would fail on the device, not here: refused. */
    private void refuseUnmetLinks(List<String> missing) {
        if (!missing.isEmpty()) {
            throw new BuildException("laying out the root: " + missing.size() + " shared-library link(s) not met, "
                    + String.join("; ", missing) + ". If a package named in " + boardFolder.resolve("common/"
                    + NotFollowed.FILE) + " ships it, remove it from there (or add the package to "
                    + boardFolder.resolve("common/packages") + ") and run scripts/build --update-lock");
        }
    }

    /**
     * The board profiles the runtime and its launcher pick from, the modules init loads at boot, the build time,
     * and the release key the image trusts.
     */
    private FileTree boardFiles() {
        FileTree files = new FileTree();
        for (Board board : boards) {
            files.file("usr/share/lowernet/boards/" + board.id() + ".conf", 0644,
                    Content.of(boardFolder.resolve(board.id()).resolve("board.conf")));
            // The launcher picks its JVM options before any Java runs: a file busybox sh reads.
            files.file("usr/share/lowernet/boards/" + board.id() + JvmOptions.SUFFIX, 0644,
                    Content.of(board.jvm().launcherFile(board.id(), board.profile().models())));
        }
        files.file("etc/lowernet/modules", 0644, Content.of(String.join("\n", bootModules) + "\n"));
        files.file(BUILD_TIME, 0644, Content.of(epoch + "\n"));
        releaseKey.ifPresent(key -> files.file(TrustedKeys.BUILT_IN, 0644, Content.of(key.fileText("built in"))));
        return files;
    }

    /** Folders the kernel and init expect before anything is mounted, and the console init talks to. */
    private static FileTree baseLayout() {
        FileTree base = new FileTree();
        for (String dir : List.of("proc", "sys", "dev", "run", "boot", "data", "etc", "var", "mnt")) {
            base.directory(dir, 0755);
        }
        base.directory("root", 0700);
        base.directory("tmp", 01777);
        // The kernel opens /dev/console for init before devtmpfs is mounted (character device 5:1).
        base.put("dev/console", new Node.CharDevice(0600, 5, 1));
        base.symlink("var/run", "../run");
        base.symlink("var/tmp", "../tmp");
        return base;
    }

    /**
     * One link per applet, unless a real program of that name is installed, and /init, which starts
     * busybox init.
     */
    private static FileTree appletLinks(FileTree root) throws IOException {
        Node busybox = root.get(BUSYBOX).orElseThrow(() -> new BuildException(
                "the root packages contain no " + BUSYBOX + "; board/common/packages must list busybox-static"));
        FileTree links = new FileTree();
        for (String applet : BusyboxApplets.read(((Node.RegularFile) busybox).content().bytes())) {
            if (!root.contains("usr/bin/" + applet) && !root.contains("usr/sbin/" + applet)) {
                links.symlink("usr/bin/" + applet, "busybox");
            }
        }
        links.symlink("init", BUSYBOX);
        return links;
    }
}
