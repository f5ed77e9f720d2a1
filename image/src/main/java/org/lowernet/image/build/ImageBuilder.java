package org.lowernet.image.build;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.lowernet.image.board.Boards;
import org.lowernet.image.debian.ArchiveKeys;
import org.lowernet.image.jre.JreBudget;
import org.lowernet.image.jre.JreLinker;
import org.lowernet.image.release.MavenJars;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;
import org.lowernet.runtime.board.Board;
import org.lowernet.runtime.update.ReleasePrivateKey;
import org.lowernet.runtime.update.ReleaseVersion;
import org.lowernet.runtime.update.UpdateBundle;

/** The one place that wires the build steps; each step's value feeds the next. */
public final class ImageBuilder {

    private final BuildContext context;
    private final Progress progress;
    private final ArchiveKeys keys;

    public ImageBuilder(BuildContext context, PrintStream out) {
        this(context, out, ArchiveKeys.debian());
    }

    /** With other archive keys than Debian's: for tests against a generated archive. */
    ImageBuilder(BuildContext context, PrintStream out, ArchiveKeys keys) {
        this.context = context;
        this.progress = new Progress(out);
        this.keys = keys;
    }

    /** What a build made: the release files and the boot partition's files, for checks. */
    public record Result(Path image, Path xz, Path sha256, String digest, FileTree boot, Content system,
            Path bmap, Path sbom, Path osList, Optional<Path> update) {
    }

    /** Only pins (with --update-lock) and downloads the packages, so that later builds and tests run offline. */
    public void fetch() throws Exception {
        Boards boards = Boards.read(context.board());
        boards.select(context.boards());
        PackagesStep packages = new PackagesStep(context, boards, keys, progress::say);
        progress.step("packages", packages::run);
        packages.startLockCheck();
        packages.awaitLockCheck();
    }

    public Result build() throws Exception {
        long start = System.nanoTime();
        Boards boards = Boards.read(context.board());
        List<Board> selected = boards.select(context.boards());
        progress.say("lowernet " + context.version() + " for " + String.join(", ", selected.stream().map(Board::id).toList()));
        Path work = context.output().resolve("work");
        Files.createDirectories(work);
        StepCache cache = new StepCache(context.cache());

        PackagesStep packages = new PackagesStep(context, boards, keys, progress::say);
        PackagesStep.DebianInputs debs = progress.step("packages", packages::run);
        if (context.updateLock()) {
            progress.say("lockfile updated: " + context.lockfile());
        }
        Optional<ReleasePrivateKey> releaseKey = context.readReleaseKey();
        if (releaseKey.isEmpty()) {
            progress.say("no release key: no update bundle (lowernet keygen makes a key; scripts/build --release-key"
                    + " FILE or " + Main.RELEASE_KEY_VARIABLE + " uses it)");
        }
        UpToDate upToDate = UpToDate.of(context, selected.stream().map(Board::id).toList(),
                releaseKey.map(ReleasePrivateKey::publicKey));
        Optional<Result> last = context.updateLock() ? Optional.empty() : upToDate.lastBuild();
        if (last.isPresent()) {
            packages.startLockCheck();
            packages.awaitLockCheck();
            progress.say(String.format(java.util.Locale.ROOT, "done in %.1f s: nothing changed since the last build"
                    + " of %s, its files are kept", (System.nanoTime() - start) / 1e9, last.get().image()));
            return last.get();
        }
        // The JRE and the kernel part need nothing of each other and each spends most of its time unpacking one
        // big .deb on one core: the JRE is linked on a second thread meanwhile.
        KernelStep.KernelPart kernel;
        FileTree jre;
        try (ExecutorService beside = Executors.newSingleThreadExecutor()) {
            Future<FileTree> linking = beside.submit(() -> progress.step("jre", () -> new JreStep(debs.jdk(),
                    debs.jdkSha256(), jreModules(), JreLinker.currentJdk(), JreBudget.DEFAULT, cache, work).run()));
            kernel = progress.step("kernel", () -> new KernelStep(debs.kernel(), debs.kernelSha256(),
                    modules(boards, selected), Boards.union(selected, Board::dtbs), cache).run());
            jre = Progress.await(linking);
        }
        packages.startLockCheck();
        RootTreeStep.RootTree root = progress.step("root", () -> new RootTreeStep(debs.root(), kernel.modules(), jre,
                context.runtime(), context.overlay(), context.board(), selected, boards.commonList("modules"),
                context.epoch(), releaseKey.map(ReleasePrivateKey::publicKey), cache, progress::say).run());
        // Stage 1 and the system only read the root: stage 1's archive is packed on one core while the system's
        // layers are (both cores when its base layer is not cached, one when it is); then the firmware is unpacked.
        Content stageOne;
        Content system;
        FileTree firmware;
        try (ExecutorService beside = Executors.newSingleThreadExecutor()) {
            Future<Content> packing = beside.submit(() -> progress.step("stage 1", () -> new StageOneStep(
                    root.whole(), kernel.modules(), boards.commonList(StageOneStep.MODULE_LIST),
                    Boards.union(selected, Board::modules), boards.common(StageOneStep.INIT_SCRIPT), context.epoch(),
                    work).run()));
            Future<FileTree> unpacking = beside.submit(() -> BootPartitionStep.firmware(debs.firmware(), boards));
            system = progress.step("system", () -> new SystemStep(root, context.epoch(), cache, work).run());
            stageOne = Progress.await(packing);
            firmware = Progress.await(unpacking);
        }
        FileTree boot = progress.step("boot", () -> new BootPartitionStep(firmware, boards,
                kernel.vmlinuz(), kernel.dtbs(), stageOne, system, context.version()).run());
        Path image = context.output().resolve(context.imageName());
        ReleaseStep.Release release;
        ArtifactsStep.Artifacts artifacts;
        DiskImageStep.DiskImage disk;
        Optional<Path> update = Optional.empty();
        try (Staging staging = new Staging()) {
            Path partial = staging.stage(image);
            disk = progress.step("disk", () -> new DiskImageStep(boot, context.epoch(), partial).run());
            release = progress.step("release", () -> new ReleaseStep(image, staging, cache).run());
            artifacts = progress.step("artifacts", () -> new ArtifactsStep(release, disk.layout(), debs.lock(), boards.facts(),
                    Boards.union(selected, Board::imagerDevices), jreModules(),
                    context.runtime().resolve("lib"), MavenJars.defaultRepository(), context.version(),
                    context.epoch(), staging).run());
            if (releaseKey.isPresent()) {
                ReleaseVersion version = ReleaseVersion.parse(context.version()); // checked by BuildContext
                Path bundle = context.output().resolve(UpdateBundle.fileName(version, UpdateBundleStep.ARCHITECTURE));
                update = Optional.of(progress.step("update", () -> new UpdateBundleStep(boot, version,
                        selected.stream().map(Board::id).toList(), releaseKey.get(), bundle, staging).run()));
            }
            staging.publish();
        }
        Result result = new Result(release.image(), release.xz(), release.sha256(), release.digest(), boot, system,
                artifacts.bmap(), artifacts.sbom(), artifacts.osList(), update);
        upToDate.save(result);
        packages.awaitLockCheck();

        progress.say(String.format(java.util.Locale.ROOT,
                "done in %.1f s: %s (%s), %s (%s); kernel %s, system %s, JRE %s",
                (System.nanoTime() - start) / 1e9,
                release.image(), Progress.mib(Files.size(release.image())),
                release.xz().getFileName(), Progress.mib(Files.size(release.xz())),
                Progress.mib(kernel.vmlinuz().size()), Progress.mib(system.size()), Progress.mib(jre.contentBytes())));
        return result;
    }

    /** Modules every board loads plus each selected board's own. */
    private static List<String> modules(Boards boards, List<Board> selected) {
        List<String> all = new ArrayList<>(boards.commonList("modules"));
        Boards.union(selected, Board::modules).stream().filter(m -> !all.contains(m)).forEach(all::add);
        return all;
    }

    private List<String> jreModules() throws IOException {
        return Files.readAllLines(context.jreModules()).stream()
                .map(line -> line.replaceFirst("#.*", "").strip())
                .filter(line -> !line.isEmpty() && !line.startsWith("!"))
                .toList();
    }
}
