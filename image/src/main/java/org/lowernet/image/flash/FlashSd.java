package org.lowernet.image.flash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.lowernet.image.release.BlockMap;

/**
 * {@code scripts/flash-sd IMAGE DEVICE [--yes] [--no-bmap]}: writes a lowernet image to an SD card, or to
 * a regular file (a copy; the disk checks then do not apply). Refuses a disk that is not removable, is
 * in use, is too small or holds the running system; shows the disk and asks unless {@code --yes}.
 * Exit codes: 0 written and verified, 1 refused or failed, 2 bad arguments.
 */
public final class FlashSd {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_ARGUMENTS = 2;
    /** File type bits of st_mode and the block-device type (inode(7)). */
    private static final int S_IFMT = 0170000;
    private static final int S_IFBLK = 0060000;
    static final String USAGE = "usage: scripts/flash-sd IMAGE DEVICE [--yes] [--no-bmap]"
            + "   (IMAGE: .img or .img.xz; DEVICE: a whole disk such as /dev/sdb or /dev/mmcblk0, or a file)";

    private FlashSd() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                System.out, System.err, BlockDevices.system()));
    }

    static int run(List<String> args, BufferedReader in, PrintStream out, PrintStream err, BlockDevices devices) {
        List<String> positional = new ArrayList<>();
        boolean yes = false;
        boolean useBmap = true;
        for (String arg : args) {
            switch (arg) {
                case "--yes" -> yes = true;
                case "--no-bmap" -> useBmap = false;
                default -> {
                    if (arg.startsWith("--")) {
                        err.println("flash-sd: unknown option '" + arg + "'\n" + USAGE);
                        return BAD_ARGUMENTS;
                    }
                    positional.add(arg);
                }
            }
        }
        if (positional.size() != 2) {
            err.println("flash-sd: expected IMAGE and DEVICE, got " + positional.size() + " argument(s)\n" + USAGE);
            return BAD_ARGUMENTS;
        }
        Path image = Path.of(positional.get(0));
        Path target = Path.of(positional.get(1));
        try (ImageSource source = ImageSource.open(image)) {
            boolean blockDevice = isBlockDevice(target);
            if (blockDevice) {
                String name = target.toRealPath().getFileName().toString();
                BlockDevice disk = devices.describe(name);
                List<String> refusals = disk.refusals(source.size());
                if (!refusals.isEmpty()) {
                    err.println("flash-sd: refusing to write " + image + " to " + target + ":");
                    refusals.forEach(r -> err.println("  - " + r));
                    err.println("nothing was written.");
                    return FAILED;
                }
                out.println("about to ERASE " + disk.describe());
                if (!yes && !confirmed(in, out)) {
                    err.println("flash-sd: not confirmed; nothing was written.");
                    return FAILED;
                }
            } else if (Files.exists(target) && !Files.isRegularFile(target)) {
                err.println("flash-sd: " + target + " is neither a block device nor a regular file; nothing was written.");
                return FAILED;
            }
            Optional<BlockMap> map = useBmap ? source.blockMap() : Optional.empty();
            out.println(map.map(m -> String.format(Locale.ROOT,
                    "writing %s to %s: %s of %s mapped by the block map (the rest is empty space, left as it is)",
                    image, target, FlashProgress.human(m.mappedBytes()), FlashProgress.human(m.imageSize())))
                    .orElse("writing " + image + " to " + target + ": every byte (" + FlashProgress.human(source.size())
                            + ")"));
            Flasher.Written written = Flasher.write(source, map, target, blockDevice, out);
            out.printf(Locale.ROOT, "done: wrote %d of %d bytes in %.1f s, read back and verified (sha256) in %.1f s.%n",
                    written.bytes(), written.imageSize(), written.writeSeconds(), written.verifySeconds());
            out.println(blockDevice ? "It is now safe to remove the card from " + target + "."
                    : target + " is a complete copy of the image.");
            return OK;
        } catch (IOException | RuntimeException e) {
            err.println("flash-sd: " + e.getMessage());
            err.println("the target may be incomplete: do not use it; fix the problem and run flash-sd again.");
            return FAILED;
        }
    }

    /** A device node; a path that does not exist yet becomes a regular file. */
    private static boolean isBlockDevice(Path target) throws IOException {
        if (!Files.exists(target)) {
            return false;
        }
        int mode = (Integer) Files.getAttribute(target, "unix:mode");
        return (mode & S_IFMT) == S_IFBLK;
    }

    private static boolean confirmed(BufferedReader in, PrintStream out) throws IOException {
        out.print("type yes to write, anything else to stop: ");
        out.flush();
        String answer = in.readLine();
        return answer != null && answer.strip().equals("yes");
    }
}
