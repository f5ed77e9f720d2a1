package org.lowernet.image.build;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;
import org.lowernet.runtime.update.ReleasePrivateKey;
import org.lowernet.runtime.update.ReleaseVersion;
import org.lowernet.runtime.update.SlotState;
import org.lowernet.runtime.update.UpdateBundle;
import org.lowernet.runtime.update.UpdateManifest;

/**
 * The update bundle of this build ({@code lowernet-VERSION-arm64.update}), staged beside the image: the system
 * (system-a's file) and every boot file the build made, signed with the release key. The card's own settings are
 * never in it: {@code lowernet.conf} belongs to the person who edited it.
 */
final class UpdateBundleStep {

    static final String ARCHITECTURE = "arm64";
    /**
     * Boot partition files that are not the release's boot files: the card's settings (an update leaves them
     * alone), the slots' state and the system (carried as the system part, written into the other slot).
     */
    static final List<String> NOT_BOOT_FILES = List.of("lowernet.conf", SlotState.FILE, BootPartitionStep.SYSTEM_A);
    /** The system part's name in the manifest: each node writes it into its free slot's file. */
    static final String SYSTEM_PART = "system";

    private final FileTree boot;
    private final ReleaseVersion version;
    private final List<String> boards;
    private final ReleasePrivateKey key;
    private final Path bundle;
    private final Staging staging;

    UpdateBundleStep(FileTree boot, ReleaseVersion version, List<String> boards, ReleasePrivateKey key, Path bundle,
            Staging staging) {
        this.boot = boot;
        this.version = version;
        this.boards = List.copyOf(boards);
        this.key = key;
        this.bundle = bundle;
        this.staging = staging;
    }

    Progress.Done<Path> run() throws IOException {
        Map<String, UpdateBundle.Source> sources = new LinkedHashMap<>();
        List<UpdateManifest.Part> parts = new ArrayList<>();
        // The system first: a node streaming the bundle writes it before any boot file.
        add(SYSTEM_PART, UpdateManifest.Role.SYSTEM, BootPartitionStep.SYSTEM_A, sources, parts);
        for (var entry : boot.entries().entrySet()) {
            if (entry.getValue() instanceof Node.RegularFile && !NOT_BOOT_FILES.contains(entry.getKey())) {
                add(entry.getKey(), UpdateManifest.Role.BOOT, entry.getKey(), sources, parts);
            }
        }
        UpdateManifest manifest = new UpdateManifest(version, ARCHITECTURE, boards, UpdateManifest.PIECE_SIZE, parts);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(staging.stage(bundle)), 1 << 20)) {
            UpdateBundle.write(out, manifest, key, sources);
        }
        int pieces = parts.stream().mapToInt(p -> p.pieces().size()).sum();
        return Progress.Done.made(bundle, bundle.getFileName() + " " + Progress.mib(Files.size(Staging.partial(bundle)))
                + " (" + parts.size() + " parts, " + pieces + " pieces), signed by " + key.publicKey());
    }

    private void add(String part, UpdateManifest.Role role, String bootFile, Map<String, UpdateBundle.Source> sources,
            List<UpdateManifest.Part> parts) throws IOException {
        UpdateBundle.Source source = ((Node.RegularFile) boot.get(bootFile).orElseThrow()).content()::open;
        sources.put(part, source);
        parts.add(UpdateBundle.describe(role, part, source, UpdateManifest.PIECE_SIZE));
    }
}
