package org.lowernet.runtime;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lowernet.runtime.board.BoardProfiles;
import org.lowernet.runtime.cli.ExitCode;
import org.lowernet.runtime.cli.UsageException;
import org.lowernet.runtime.config.ConfigParser;
import org.lowernet.runtime.config.LowernetConfig;
import org.lowernet.runtime.config.UpdateConfig;
import org.lowernet.runtime.data.DataTools;
import org.lowernet.runtime.lifecycle.DeviceFacts;
import org.lowernet.runtime.slot.BootedSlot;
import org.lowernet.runtime.slot.NodeConditions;
import org.lowernet.runtime.slot.SlotFile;
import org.lowernet.runtime.slot.UpdateInstaller;
import org.lowernet.runtime.update.BundleRefused;
import org.lowernet.runtime.update.TrustedKeys;

/**
 * {@code lowernet install-update [--force] [--no-restart]} on the node: reads an update bundle from standard input
 * (what {@code lowernet update} on an admin's machine streams over SSH), installs it into the slot that is not
 * running and restarts into it on trial. A refusal (exit 1) says why and changes nothing on the card.
 */
final class InstallUpdateCommand implements Command {

    /** The line {@code lowernet update} looks for: the node took the bundle. */
    static final String INSTALLED = "update: installed ";
    static final String REFUSED = "update: refused: ";

    private final InputStream in;

    InstallUpdateCommand(InputStream in) {
        this.in = in;
    }

    @Override
    public String synopsis() {
        return "install-update [--force] [--no-restart] < BUNDLE   on the node: install an update bundle, restart on trial";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        List<String> rest = new ArrayList<>(args);
        boolean force = rest.remove("--force");
        boolean restart = !rest.remove("--no-restart");
        if (!rest.isEmpty()) {
            throw new UsageException("install-update reads the bundle from standard input; unknown arguments: "
                    + String.join(" ", rest));
        }
        Path root = Path.of(System.getProperty("lowernet.root", "/"));
        Path boot = root.resolve("boot");
        BootedSlot booted = BootedSlot.read(root).orElse(null);
        if (booted == null) {
            out.println(REFUSED + "this system was not started from a slot (no " + root.resolve(BootedSlot.FILE) + ")");
            return ExitCode.FAILED;
        }
        DataTools tools = DataTools.fromSystemProperties();
        boolean device = root.equals(Path.of("/"));
        SlotFile slots = new SlotFile(boot, device ? SlotFile.Remount.of(tools.busybox(), boot) : SlotFile.Remount.none());
        TrustedKeys keys = TrustedKeys.read(root);
        keys.problems().forEach(problem -> out.println("update: " + problem));
        String board = BoardProfiles.pick(root.resolve(BoardProfiles.FOLDER),
                DeviceFacts.read(root).board().orElse(""), new ArrayList<>()).id();
        UpdateInstaller installer = new UpdateInstaller(slots, root.resolve(UpdateInstaller.SPOOL), booted, keys.list(),
                board, updateConfig(boot), NodeConditions.read(root), out);
        UpdateInstaller.Installed installed;
        try {
            installed = installer.install(new BufferedInputStream(in, 1 << 16), force);
        } catch (BundleRefused e) {
            out.println(REFUSED + e.getMessage());
            return ExitCode.FAILED;
        } catch (IOException e) {
            out.println(REFUSED + "writing it failed, nothing was changed: " + e.getMessage());
            return ExitCode.FAILED;
        }
        out.println(INSTALLED + installed.version() + " into " + installed.slot().fileName() + "; "
                + (restart ? "restarting into it on trial" : "it is tried at the next boot"));
        out.flush();
        if (restart && device) {
            // Detached and a moment later, so this command's output reaches the admin before the node goes down.
            new ProcessBuilder(tools.busybox().toString(), "sh", "-c", "sleep 2; exec " + tools.busybox() + " reboot")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        }
        return ExitCode.OK;
    }

    /** update.* of the card's lowernet.conf; the defaults when the file is missing or invalid. */
    private static UpdateConfig updateConfig(Path boot) throws IOException {
        Path file = boot.resolve("lowernet.conf");
        if (!Files.exists(file)) {
            return UpdateConfig.defaults();
        }
        return ConfigParser.parse(Files.readAllBytes(file), file.toString()).config().map(LowernetConfig::update)
                .orElse(UpdateConfig.defaults());
    }
}
