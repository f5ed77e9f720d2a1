package org.lowernet.runtime.slot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.time.Duration;
import org.lowernet.runtime.data.AtomicFile;
import org.lowernet.runtime.program.ProgramRun;
import org.lowernet.runtime.update.SlotState;

/**
 * {@code slots.txt} on the boot partition. The partition is mounted read-only (a power cut cannot damage what is
 * not being written); a write remounts it read-write for its moment. The new state goes to {@code slots.new}
 * first, synced, then replaces {@code slots.txt}: a power cut between leaves one whole file, which the first
 * stage reads.
 */
public final class SlotFile {

    /** Makes the boot partition writable and read-only again. */
    public interface Remount {
        void writable(boolean writable) throws IOException;

        /** For a boot folder that is not a mount of its own (tests). */
        static Remount none() {
            return writable -> { };
        }

        /** busybox mount -o remount,rw|ro {@code boot}. */
        static Remount of(Path busybox, Path boot) {
            return writable -> {
                List<String> command = List.of(busybox.toString(), "mount", "-o", writable ? "remount,rw" : "remount,ro",
                        boot.toString());
                try {
                    ProgramRun run = ProgramRun.of(command, Duration.ofSeconds(30));
                    if (run.code() != 0) {
                        throw new IOException(String.join(" ", command) + " exited with " + run.code() + ": " + run.brief());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted: " + String.join(" ", command), e);
                }
            };
        }
    }

    private final Path boot;
    private final Remount remount;

    public SlotFile(Path boot, Remount remount) {
        this.boot = boot;
        this.remount = remount;
    }

    /** The state, from slots.new where slots.txt is missing or not a state; empty when neither is. */
    public Optional<SlotState> read() throws IOException {
        for (String name : List.of(SlotState.FILE, SlotState.NEW_FILE)) {
            Path file = boot.resolve(name);
            if (Files.exists(file)) {
                try {
                    return Optional.of(SlotState.parse(Files.readString(file, StandardCharsets.UTF_8)));
                } catch (IllegalArgumentException e) {
                    // slots.txt half-replaced by a power cut: slots.new is whole, as the first stage also reads it
                }
            }
        }
        return Optional.empty();
    }

    /** Writes {@code state}, the boot partition writable for the moment; {@code then} runs before it is read-only. */
    public void write(SlotState state, Step then) throws IOException {
        remount.writable(true);
        try {
            writeWritable(state);
            then.run();
        } finally {
            remount.writable(false);
        }
    }

    public void write(SlotState state) throws IOException {
        write(state, () -> { });
    }

    /** Writes {@code state} while the caller holds the partition writable. */
    void writeWritable(SlotState state) throws IOException {
        Path written = boot.resolve(SlotState.NEW_FILE);
        Files.writeString(written, state.text(), StandardCharsets.UTF_8);
        AtomicFile.commit(written, boot.resolve(SlotState.FILE));
    }

    Path boot() {
        return boot;
    }

    Remount remount() {
        return remount;
    }

    /** What else a write does while the partition is writable. */
    public interface Step {
        void run() throws IOException;
    }
}
