package org.lowernet.image.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.lowernet.image.board.Boards;
import org.lowernet.image.deb.DebArchive;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;
import org.lowernet.runtime.update.SlotState;

/**
 * The files of the FAT boot partition: Pi firmware, DTBs, kernel, the first stage's initramfs, the system in slot
 * a ({@code system-a}; an update writes {@code system-b}), {@code slots.txt} and the text files a person may edit.
 * The firmware reads everything from the partition's top folder.
 */
final class BootPartitionStep {

    /** Where Debian's raspi-firmware package keeps the firmware blobs. */
    static final String FIRMWARE_DIR = "usr/lib/raspi-firmware/";
    static final String KERNEL = "vmlinuz";
    static final String INITRD = "initrd.img";
    static final String SYSTEM_A = SlotState.Slot.A.fileName();
    private static final Pattern CUT_DOWN = Pattern.compile("start(_|4)cd\\.elf");

    private final FileTree firmware;
    private final Boards boards;
    private final Content vmlinuz;
    private final Map<String, Content> dtbs;
    private final Content stageOne;
    private final Content system;
    private final String version;

    /** @param firmware what {@link #firmware} read */
    BootPartitionStep(FileTree firmware, Boards boards, Content vmlinuz, Map<String, Content> dtbs, Content stageOne,
            Content system, String version) {
        this.firmware = firmware;
        this.boards = boards;
        this.vmlinuz = vmlinuz;
        this.dtbs = Map.copyOf(dtbs);
        this.stageOne = stageOne;
        this.system = system;
        this.version = version;
    }

    /**
     * The firmware files {@code board/common/firmware} names, by name, from Debian's raspi-firmware package. Apart
     * from {@link #run}: unpacking the package is most of this step's time, and it can be done while others run.
     */
    static FileTree firmware(Path firmwareDeb, Boards boards) throws IOException {
        List<String> names = boards.commonList("firmware");
        FileTree deb = new FileTree();
        DebArchive.extract(firmwareDeb,
                path -> path.startsWith(FIRMWARE_DIR) && names.contains(path.substring(FIRMWARE_DIR.length())), deb);
        FileTree firmware = new FileTree();
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            deb.get(FIRMWARE_DIR + name).ifPresentOrElse(
                    node -> firmware.put(name, withMode(node)),
                    () -> missing.add(name));
        }
        if (!missing.isEmpty()) {
            throw new BuildException("firmware files " + missing + " named in " + boards.common("firmware")
                    + " are not in " + firmwareDeb.getFileName() + " (" + FIRMWARE_DIR + ")");
        }
        Path configTxt = boards.common("config.txt");
        requireGpuMemForCutDown(names, Files.readString(configTxt, StandardCharsets.UTF_8), configTxt);
        return firmware;
    }

    Progress.Done<FileTree> run() throws IOException {
        FileTree boot = new FileTree().putAll("", firmware);
        dtbs.forEach((name, content) -> boot.file(name, 0644, content));
        boot.file(KERNEL, 0644, vmlinuz);
        boot.file(INITRD, 0644, stageOne);
        boot.file(SYSTEM_A, 0644, system);
        boot.file(SlotState.FILE, 0644, Content.of(SlotState.initial(version).text()));
        for (String text : List.of("config.txt", "cmdline.txt", "lowernet.conf")) {
            boot.file(text, 0644, Content.of(boards.common(text)));
        }
        return Progress.Done.made(boot, boot.size() + " files, " + Progress.mib(boot.contentBytes())
                + " (" + firmware.size() + " firmware, " + dtbs.size() + " DTBs)");
    }

    /**
     * The Pi firmware loads its cut-down start files ({@code start_cd.elf}, {@code start4cd.elf}) only when
     * config.txt says {@code gpu_mem=16}; otherwise it looks for start.elf, and a card without one does not boot.
     */
    static void requireGpuMemForCutDown(List<String> firmware, String configTxt, Path where) {
        List<String> cutDown = firmware.stream().filter(name -> CUT_DOWN.matcher(name).matches()).toList();
        boolean gpuMem16 = configTxt.lines().map(String::strip).anyMatch("gpu_mem=16"::equals);
        if (!cutDown.isEmpty() && !gpuMem16) {
            throw new BuildException(where + " must have the line gpu_mem=16: the firmware files " + cutDown
                    + " are the cut-down firmware, which the Pi loads only then (without it, it looks for start.elf"
                    + " and the card does not boot)");
        }
    }

    private static Node withMode(Node node) {
        if (node instanceof Node.RegularFile file) {
            return new Node.RegularFile(0644, file.content());
        }
        throw new BuildException("firmware entry is not a regular file: " + node);
    }
}
