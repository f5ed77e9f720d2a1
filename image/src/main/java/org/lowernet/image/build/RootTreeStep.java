package org.lowernet.image.build;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.lowernet.image.deb.DebArchive;
import org.lowernet.image.rootfs.BusyboxApplets;
import org.lowernet.image.rootfs.OverlayModes;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.HostFolder;
import org.lowernet.image.tree.Node;
import org.lowernet.runtime.board.Board;

/**
 * Lays out the device's whole root filesystem: Debian packages, busybox's applet links, the kernel
 * modules, the JRE and runtime under {@code /opt/lowernet}, the board profiles and the overlay on top.
 */
final class RootTreeStep {

    static final String RUNTIME_HOME = "opt/lowernet";
    static final String BUSYBOX = "usr/bin/busybox";

    /** What a RAM-only router never reads: documentation, translations, charset converters. */
    private static final Pattern LEFT_OUT = Pattern.compile(
            "usr/share/(doc|man|info|locale|lintian|bug)(/.*)?|usr/lib/[^/]+-linux-gnu/gconv(/.*)?");

    private final List<Path> packages;
    private final FileTree kernelModules;
    private final FileTree jre;
    private final Path runtime;
    private final Path overlay;
    private final Path boardFolder;
    private final List<Board> boards;
    private final List<String> bootModules;

    RootTreeStep(List<Path> packages, FileTree kernelModules, FileTree jre, Path runtime, Path overlay,
            Path boardFolder, List<Board> boards, List<String> bootModules) {
        this.packages = List.copyOf(packages);
        this.kernelModules = kernelModules;
        this.jre = jre;
        this.runtime = runtime;
        this.overlay = overlay;
        this.boardFolder = boardFolder;
        this.boards = List.copyOf(boards);
        this.bootModules = List.copyOf(bootModules);
    }

    Progress.Done<FileTree> run() throws IOException {
        FileTree root = new FileTree();
        baseLayout(root);
        Predicate<String> kept = path -> !LEFT_OUT.matcher(path).matches();
        for (Path deb : packages) {
            DebArchive.extract(deb, kept, root);
        }
        int applets = linkApplets(root);
        root.putAll("", kernelModules);
        root.putAll(RUNTIME_HOME, HostFolder.read(runtime));
        root.putAll(RUNTIME_HOME + "/jre", jre);
        for (Board board : boards) {
            root.file("usr/share/lowernet/boards/" + board.id() + ".conf", 0644,
                    Content.of(boardFolder.resolve(board.id()).resolve("board.conf")));
        }
        root.file("etc/lowernet/modules", 0644, Content.of(String.join("\n", bootModules) + "\n"));
        OverlayModes modes = OverlayModes.read(overlay.resolve(".modes"));
        FileTree laid = HostFolder.read(overlay, modes::modeOf);
        laid.remove(".modes").remove("README.md");
        root.putAll("", laid);
        return Progress.Done.made(root, root.size() + " entries, " + Progress.mib(root.contentBytes())
                + ", " + applets + " busybox applets");
    }

    /** Folders the kernel and init expect before anything is mounted, and the console init talks to. */
    private static void baseLayout(FileTree root) {
        for (String dir : List.of("proc", "sys", "dev", "run", "boot", "data", "etc", "var", "mnt")) {
            root.directory(dir, 0755);
        }
        root.directory("root", 0700);
        root.directory("tmp", 01777);
        // The kernel opens /dev/console for init before devtmpfs is mounted (character device 5:1).
        root.put("dev/console", new Node.CharDevice(0600, 5, 1));
        root.symlink("var/run", "../run");
        root.symlink("var/tmp", "../tmp");
    }

    /** One link per applet, unless a real program of that name is installed; /init starts busybox init. */
    private static int linkApplets(FileTree root) throws IOException {
        Node busybox = root.get(BUSYBOX).orElseThrow(() -> new BuildException(
                "the root packages contain no " + BUSYBOX + "; board/common/packages must list busybox-static"));
        List<String> applets = BusyboxApplets.read(((Node.RegularFile) busybox).content().bytes());
        int linked = 0;
        for (String applet : applets) {
            if (!root.contains("usr/bin/" + applet) && !root.contains("usr/sbin/" + applet)) {
                root.symlink("usr/bin/" + applet, "busybox");
                linked++;
            }
        }
        root.symlink("init", BUSYBOX);
        return linked;
    }
}
