package org.lowernet.image.build;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.lowernet.image.cpio.ZstdCpio;
import org.lowernet.image.kernel.ModuleSelection;
import org.lowernet.image.kernel.ModuleTree;
import org.lowernet.image.rootfs.BusyboxApplets;
import org.lowernet.image.rootfs.LinkedLibraries;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;

/**
 * The boot's first stage ({@code initrd.img}, the initramfs the firmware loads): busybox, the modules that reach
 * the boot partition and mount the system from it, and its init script ({@code board/common/stage1/init}), which
 * picks a system slot, mounts it and switches to it. Everything is taken from the root the system is made of, so both
 * stages run the same programs and modules; the first stage changes only when they or its script do.
 */
final class StageOneStep {

    static final String INIT_SCRIPT = "stage1/init";
    static final String MODULE_LIST = "stage1/modules";
    /** Where the init script finds the modules it loads by name. */
    static final String MODULES_FILE = "etc/lowernet/stage1-modules";
    private static final String MODPROBE_OPTIONS = "etc/modprobe.d";
    private static final List<String> PROGRAMS = List.of(RootTreeStep.BUSYBOX);

    private final FileTree root;
    private final FileTree kernelModules;
    private final List<String> named;
    private final List<String> boardModules;
    private final Path initScript;
    private final Instant epoch;
    private final Path work;

    /**
     * @param named        what the init script loads by name ({@code board/common/stage1/modules})
     * @param boardModules what it may load by modalias: the boards' modules (SD hosts, virtio, watchdogs)
     */
    StageOneStep(FileTree root, FileTree kernelModules, List<String> named, List<String> boardModules, Path initScript,
            Instant epoch, Path work) {
        this.root = root;
        this.kernelModules = kernelModules;
        this.named = List.copyOf(named);
        this.boardModules = List.copyOf(boardModules);
        this.initScript = initScript;
        this.epoch = epoch;
        this.work = work;
    }

    Progress.Done<Content> run() throws IOException {
        FileTree stage = new FileTree();
        for (String dir : List.of("proc", "sys", "dev", "boot", "newroot")) {
            stage.directory(dir, 0755);
        }
        stage.put("dev/console", new Node.CharDevice(0600, 5, 1));
        stage.putAll("", LinkedLibraries.closure(root, PROGRAMS, LinkedLibraries.ARM64_FOLDERS));
        for (String merged : List.of("bin", "sbin", "lib")) {
            root.get(merged).filter(link -> !stage.contains(merged)).ifPresent(link -> stage.put(merged, link));
        }
        byte[] busybox = ((Node.RegularFile) stage.get(RootTreeStep.BUSYBOX).orElseThrow()).content().bytes();
        for (String applet : BusyboxApplets.read(busybox)) {
            if (!stage.contains("usr/bin/" + applet)) {
                stage.symlink("usr/bin/" + applet, "busybox");
            }
        }
        List<String> modules = java.util.stream.Stream.concat(named.stream(), boardModules.stream()).distinct().toList();
        new ModuleSelection(ModuleTree.of(kernelModules)).select(modules).writeTo(stage, kernelModules);
        // The modules' options (a watchdog's nowayout=1): a module the first stage loads stays loaded as it was.
        stage.putAll(MODPROBE_OPTIONS, root.subtree(MODPROBE_OPTIONS));
        stage.file(MODULES_FILE, 0644, Content.of(String.join("\n", named) + "\n"));
        stage.file("init", 0755, Content.of(initScript));

        Files.createDirectories(work);
        Path file = work.resolve(BootPartitionStep.INITRD);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            ZstdCpio.write(stage, epoch.getEpochSecond(), out);
        }
        Content initrd = Content.of(file);
        long moduleCount = stage.entries().keySet().stream().filter(path -> path.endsWith(".ko")).count();
        return Progress.Done.made(initrd, BootPartitionStep.INITRD + " " + Progress.mib(initrd.size()) + ": busybox, "
                + moduleCount + " modules, " + Progress.mib(stage.contentBytes()) + " uncompressed");
    }
}
