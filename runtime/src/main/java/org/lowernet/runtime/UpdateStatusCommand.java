package org.lowernet.runtime;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.lowernet.runtime.cli.ExitCode;
import org.lowernet.runtime.cli.UsageException;
import org.lowernet.runtime.slot.BootedSlot;
import org.lowernet.runtime.slot.SlotFile;
import org.lowernet.runtime.update.SlotState;

/**
 * {@code lowernet update-status} on the node: the slots' state as slots.txt holds it (committed slot, versions, a
 * trial and its tries, the last result) and the slot this boot runs; {@code lowernet update} reads it back.
 */
final class UpdateStatusCommand implements Command {

    /** The line after the state: the slot this boot runs and how. */
    static final String RUNNING = "running=";

    @Override
    public String synopsis() {
        return "update-status        on the node: which system slot runs, a trial, the last update's result";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        if (!args.isEmpty()) {
            throw new UsageException("update-status takes no arguments, found " + String.join(" ", args));
        }
        Path root = Path.of(System.getProperty("lowernet.root", "/"));
        Optional<SlotState> state = new SlotFile(root.resolve("boot"), SlotFile.Remount.none()).read();
        if (state.isEmpty()) {
            err.println("no readable " + root.resolve("boot").resolve(SlotState.FILE) + ": this card has no system slots");
            return ExitCode.FAILED;
        }
        out.print(state.get().text());
        out.println(RUNNING + BootedSlot.read(root).map(BootedSlot::describe).orElse("unknown"));
        return ExitCode.OK;
    }
}
