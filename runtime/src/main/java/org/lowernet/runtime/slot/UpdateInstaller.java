package org.lowernet.runtime.slot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.lowernet.runtime.config.UpdateConfig;
import org.lowernet.runtime.data.AtomicFile;
import org.lowernet.runtime.hash.Sha256;
import org.lowernet.runtime.update.BundleRefused;
import org.lowernet.runtime.update.ReleasePublicKey;
import org.lowernet.runtime.update.ReleaseVersion;
import org.lowernet.runtime.update.SlotState;
import org.lowernet.runtime.update.UpdateBundle;
import org.lowernet.runtime.update.UpdateManifest;
import org.lowernet.runtime.update.UpdateRules;

/**
 * Installs an update bundle read from a stream into the slot that is not running. The whole bundle is read into a
 * spool in RAM and checked (signature first, then every piece, then its end) before the card is written at all: a
 * refused, truncated or corrupt bundle leaves the boot partition unchanged byte for byte. Then the system goes to
 * {@code system-<slot>} (through a temporary file) with its hash beside it ({@code system-<slot>.sha256}, which the
 * first stage checks before a trial boot), boot files that differ from the card's into {@link #STAGED} (put
 * in place when the trial commits), and last slots.txt names the slot on trial. A power cut before that last write
 * leaves the running system committed.
 */
public final class UpdateInstaller {

    /** Boot files of an update on trial, below the boot partition; moved over the card's own at the commit. */
    public static final String STAGED = "boot-next";
    /** Below the root, in RAM (/run is a tmpfs): where a bundle waits until every piece of it checked. */
    public static final String SPOOL = "run/lowernet/update";
    static final String ARCHITECTURE = "arm64";
    private static final String PARTIAL = ".partial";
    /** sha256sum's check file beside a system: "HASH  system-b". */
    static final String HASH_SUFFIX = ".sha256";
    private static final String SYSTEM_SPOOL = "system";
    private static final String BOOT_SPOOL = "boot";

    /** What was installed: the version and the slot it now tries. */
    public record Installed(ReleaseVersion version, SlotState.Slot slot, int bootFilesStaged, long bytes) {
    }

    private final Path boot;
    private final Path spool;
    private final SlotFile slots;
    private final BootedSlot booted;
    private final List<ReleasePublicKey> trusted;
    private final String board;
    private final UpdateConfig config;
    private final Set<String> before;
    private final PrintStream progress;

    /**
     * @param spool      a folder in RAM (tmpfs) where the bundle's parts wait until every piece checked
     * @param booted     the slot this boot runs, which must be the committed one
     * @param board      the node's board profile id, which the bundle's board set must name
     * @param config     the trial's limits (update.trial_limit, update.max_tries)
     * @param before     what the node has now ({@link NodeConditions}): the trial commits only with all of it
     * @param progress   where each part's progress is said
     */
    public UpdateInstaller(SlotFile slots, Path spool, BootedSlot booted, List<ReleasePublicKey> trusted, String board,
            UpdateConfig config, Set<String> before, PrintStream progress) {
        this.boot = slots.boot();
        this.spool = spool;
        this.slots = slots;
        this.booted = booted;
        this.trusted = List.copyOf(trusted);
        this.board = board;
        this.config = config;
        this.before = Set.copyOf(before);
        this.progress = progress;
    }

    public Installed install(InputStream bundle, boolean force) throws IOException, BundleRefused {
        SlotState state = slots.read().orElseThrow(() -> new BundleRefused("the boot partition has no readable "
                + SlotState.FILE + " (a card made before system slots: write the new image onto it once)"));
        Optional<SlotState.Trial> trial = state.trial();
        if (trial.isPresent()) {
            throw new BundleRefused(trial.get().slot().fileName() + " (" + state.version(trial.get().slot())
                    .orElse("unknown version") + ") is on trial: wait until it is committed or rolled back");
        }
        if (booted.slot() != state.committed()) {
            throw new BundleRefused("this boot runs " + booted.slot().fileName() + " but slots.txt commits "
                    + state.committed().fileName() + ": restart the node first");
        }
        if (trusted.isEmpty()) {
            throw new BundleRefused("this node trusts no release key (build the image with --release-key, or put the"
                    + " key's .pub file on the card as release.pub)");
        }
        ReleaseVersion running = ReleaseVersion.parse(state.version(state.committed()).orElseThrow(() ->
                new BundleRefused("slots.txt does not say which version " + state.committed().fileName() + " holds")));
        UpdateBundle.Opened opened = UpdateBundle.open(bundle, trusted);
        UpdateManifest manifest = opened.manifest();
        new UpdateRules(running, ARCHITECTURE, board).check(manifest, force);
        SlotState.Slot target = state.committed().other();
        long needed = needed(manifest);
        // What the write replaces counts as room: the free slot's old system, a temporary file a power cut left, and
        // boot files staged by an update that never committed.
        long free = Files.getFileStore(boot).getUsableSpace() + sizeOr0(boot.resolve(target.fileName()))
                + sizeOr0(boot.resolve(target.fileName() + PARTIAL)) + folderBytes(boot.resolve(STAGED));
        if (needed > free) {
            throw new IOException("the boot partition has " + mib(free) + " for the update, which needs " + mib(needed)
                    + "; nothing was changed");
        }
        // The spool exists only while a bundle is read (the LEDs show it): its parent tells the room in RAM.
        Files.createDirectories(spool.getParent());
        long memory = Files.getFileStore(spool.getParent()).getUsableSpace();
        if (needed > memory) {
            throw new IOException(spool + " (RAM) has " + mib(memory) + " free, the update needs " + mib(needed)
                    + " there while it is checked; nothing was changed");
        }
        progress.println("update: " + manifest.version() + " signed by " + opened.signer() + ", " + mib(manifest.bytes())
                + " in " + manifest.parts().size() + " parts; checking every piece before anything is written");
        deleteFolder(spool);
        Files.createDirectories(spool);
        try {
            // Into RAM first: a bundle that turns out truncated or corrupt leaves the card untouched, byte for byte.
            List<String> staged = new ArrayList<>();
            opened.readParts(part -> {
                if (part.role() == UpdateManifest.Role.SYSTEM) {
                    return Files.newOutputStream(spool.resolve(SYSTEM_SPOOL));
                }
                if (same(boot.resolve(part.name()), part.sha256())) {
                    return OutputStream.nullOutputStream();
                }
                staged.add(part.name());
                Path file = spool.resolve(BOOT_SPOOL).resolve(part.name());
                Files.createDirectories(file.getParent());
                return Files.newOutputStream(file);
            });
            progress.println("update: every piece checks; writing " + mib(needed) + " into " + target.fileName()
                    + (staged.isEmpty() ? "" : " and " + staged.size() + " boot file(s) to put in place at the commit"));
            write(state, manifest, target, staged);
            progress.println("update: " + target.fileName() + " (" + manifest.version() + ") is on trial from the next boot");
            return new Installed(manifest.version(), target, staged.size(), manifest.bytes());
        } finally {
            deleteFolder(spool);
        }
    }

    /** The checked parts from the spool onto the card, then the trial in slots.txt; a failure removes what it wrote. */
    private void write(SlotState state, UpdateManifest manifest, SlotState.Slot target, List<String> staged)
            throws IOException {
        slots.remount().writable(true);
        Path system = boot.resolve(target.fileName() + PARTIAL);
        try {
            // The free slot's old system goes first: neither committed nor on trial, it only takes room.
            Files.deleteIfExists(boot.resolve(target.fileName()));
            Files.deleteIfExists(boot.resolve(target.fileName() + HASH_SUFFIX));
            deleteFolder(boot.resolve(STAGED));
            copySynced(spool.resolve(SYSTEM_SPOOL), system);
            for (String name : staged) {
                Path file = boot.resolve(STAGED).resolve(name);
                Files.createDirectories(file.getParent());
                copySynced(spool.resolve(BOOT_SPOOL).resolve(name), file);
            }
            AtomicFile.commit(system, boot.resolve(target.fileName()));
            AtomicFile.write(boot.resolve(target.fileName() + HASH_SUFFIX),
                    systemPart(manifest).sha256() + "  " + target.fileName() + "\n");
            slots.writeWritable(state.withTrial(target, manifest.version().text(), config.maxTries(),
                    (int) config.trialLimit().toSeconds(), before));
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(system);
                deleteFolder(boot.resolve(STAGED));
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        } finally {
            slots.remount().writable(false);
        }
    }

    private static UpdateManifest.Part systemPart(UpdateManifest manifest) {
        return manifest.parts().stream().filter(part -> part.role() == UpdateManifest.Role.SYSTEM).findFirst()
                .orElseThrow(() -> new IllegalStateException("a checked bundle always has its system"));
    }

    /** The system and every boot file the card does not already hold. */
    private long needed(UpdateManifest manifest) throws IOException {
        long bytes = 0;
        for (UpdateManifest.Part part : manifest.parts()) {
            if (part.role() == UpdateManifest.Role.SYSTEM || !same(boot.resolve(part.name()), part.sha256())) {
                bytes += part.size();
            }
        }
        return bytes;
    }

    /** Copies {@code from} to {@code to} and syncs it to the card. */
    private static void copySynced(Path from, Path to) throws IOException {
        try (FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING); InputStream in = Files.newInputStream(from)) {
            in.transferTo(Channels.newOutputStream(out));
            out.force(true);
        }
    }

    private static boolean same(Path file, String sha256) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        return Sha256.of(file).equals(sha256);
    }

    private static long sizeOr0(Path file) throws IOException {
        return Files.isRegularFile(file) ? Files.size(file) : 0;
    }

    private static long folderBytes(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            long bytes = 0;
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                bytes += Files.size(file);
            }
            return bytes;
        }
    }

    static void deleteFolder(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
