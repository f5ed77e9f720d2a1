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
import org.lowernet.runtime.cli.ExitCode;
import org.lowernet.runtime.cli.FrontDoor;
import org.lowernet.runtime.cli.UsageException;

/**
 * {@code lowernet flash IMAGE DEVICE [--yes] [--no-bmap]} (scripts/flash-sd): writes a lowernet image to an
 * SD card, or to a regular file (a copy; the disk checks then do not apply). Refuses a disk that is not
 * removable, is in use, is too small or holds the running system; shows the disk and asks unless
 * {@code --yes}. Exit codes: 0 written and verified, 1 refused or failed, 2 bad arguments.
 */
public final class FlashSd {

    /** File type bits of st_mode and the block-device type (inode(7)). */
    private static final int S_IFMT = 0170000;
    private static final int S_IFBLK = 0060000;
    /** Every option, named when an unknown one is given. */
    static final List<String> OPTIONS = List.of("--yes", "--no-bmap");

    private FlashSd() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                System.out, System.err, BlockDevices.system()));
    }

    static int run(List<String> args, BufferedReader in, PrintStream out, PrintStream err, BlockDevices devices) {
        return FrontDoor.of("flash", out, err).run(args, () -> flash(args, in, out, devices));
    }

    private static int flash(List<String> args, BufferedReader in, PrintStream out, BlockDevices devices)
            throws IOException, UsageException {
        List<String> positional = new ArrayList<>();
        boolean yes = false;
        boolean useBmap = true;
        for (String arg : args) {
            switch (arg) {
                case "--yes" -> yes = true;
                case "--no-bmap" -> useBmap = false;
                default -> {
                    if (arg.startsWith("--")) {
                        throw new UsageException("unknown option '" + arg + "'; the options are "
                                + String.join(", ", OPTIONS));
                    }
                    positional.add(arg);
                }
            }
        }
        if (positional.size() != 2) {
            throw new UsageException("expected IMAGE and DEVICE, got " + positional.size() + " argument(s)");
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
                    throw new IOException("refusing to write " + image + " to " + target + "; nothing was written:\n  - "
                            + String.join("\n  - ", refusals));
                }
                out.println("about to ERASE " + disk.describe());
                if (!yes && !confirmed(in, out)) {
                    throw new IOException("not confirmed; nothing was written");
                }
            } else if (Files.exists(target) && !Files.isRegularFile(target)) {
                throw new IOException(target + " is neither a block device nor a regular file; nothing was written");
            }
            Optional<BlockMap> map = useBmap ? source.blockMap() : Optional.empty();
            out.println(map.map(m -> String.format(Locale.ROOT,
                    "writing %s to %s: %s of %s mapped by the block map (the rest is empty space, left as it is)",
                    image, target, FlashProgress.human(m.mappedBytes()), FlashProgress.human(m.imageSize())))
                    .orElse("writing " + image + " to " + target + ": every byte (" + FlashProgress.human(source.size())
                            + ")"));
            Flasher.Written written;
            try {
                written = Flasher.write(source, map, target, blockDevice, out);
            } catch (IOException | RuntimeException e) {
                throw new IOException("writing " + target + " failed; it may be incomplete: do not use it;"
                        + " fix the problem and run lowernet flash again", e);
            }
            out.printf(Locale.ROOT, "done: wrote %d of %d bytes in %.1f s, read back and verified (sha256) in %.1f s.%n",
                    written.bytes(), written.imageSize(), written.writeSeconds(), written.verifySeconds());
            out.println(blockDevice ? "It is now safe to remove the card from " + target + "."
                    : target + " is a complete copy of the image.");
            return ExitCode.OK;
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
