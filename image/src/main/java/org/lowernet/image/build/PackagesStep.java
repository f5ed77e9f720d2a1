package org.lowernet.image.build;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.lowernet.image.board.Boards;
import org.lowernet.image.board.ImageFacts;
import org.lowernet.image.debian.ArchiveKeys;
import org.lowernet.image.debian.Archives;
import org.lowernet.image.debian.Behind;
import org.lowernet.image.debian.DebianPackages;
import org.lowernet.image.debian.Lockfile;
import org.lowernet.image.debian.NotFollowed;
import org.lowernet.image.debian.PackageCache;
import org.lowernet.image.debian.PinnedPackage;

/**
 * Pins (with {@code --update-lock}) and fetches the Debian packages named in {@code board/common}:
 * {@code packages} are installed with their dependencies but those of {@code packages-not-followed}, the parts of {@code image.conf} are only
 * taken apart. Without {@code --update-lock} it says in one line how far the lock is behind the archive (or
 * that it could not check: the build goes on from the cache); it never changes the lock. That check asks the
 * network and builds nothing, so it runs beside the build on its own thread; the build calls
 * {@link #awaitLockCheck} before it says it is done.
 */
final class PackagesStep {

    /** The verified .debs the later steps read, and the lock that names them (for the SBOM). */
    record DebianInputs(List<Path> root, Path kernel, String kernelSha256, Path firmware, Path jdk, String jdkSha256,
            Lockfile lock) {
    }

    private final BuildContext context;
    private final Boards boards;
    private final ArchiveKeys keys;
    private final Consumer<String> say;
    /** Made by {@link #run} without --update-lock, started by {@link #startLockCheck}. */
    private Thread lockCheck;

    /** @param keys the keys every index must be signed with: Debian's, except in tests */
    PackagesStep(BuildContext context, Boards boards, ArchiveKeys keys, Consumer<String> say) {
        this.context = context;
        this.boards = boards;
        this.keys = keys;
        this.say = say;
    }

    Progress.Done<DebianInputs> run() throws IOException {
        List<String> roots = boards.commonList("packages");
        NotFollowed notFollowed = boards.notFollowed();
        ImageFacts facts = boards.facts();
        Archives archives = Archives.choose(context.mirror(), context.securityMirror(), context.fallbackMirrors(),
                Path.of("/"));
        DebianPackages debian = new DebianPackages(facts.debian(), archives, keys,
                new PackageCache(context.cache()), context.lockfile(), say);
        Lockfile lock;
        if (context.updateLock()) {
            lock = debian.update(roots, facts.parts(), notFollowed);
        } else {
            Lockfile read = debian.readLock(roots, facts.parts(), notFollowed);
            lock = read;
            lockCheck = Thread.ofPlatform().name("lock-check").daemon().unstarted(() -> sayHowFarBehind(debian, read));
        }
        DebianPackages.Fetched fetched = debian.fetch(lock);
        PinnedPackage kernel = lock.part(facts.kernel());
        PinnedPackage jdk = lock.part(facts.jdk());
        DebianInputs inputs = new DebianInputs(
                lock.installed().stream().map(p -> fetched.path(p.name())).toList(),
                fetched.path(kernel.name()), kernel.sha256(),
                fetched.path(lock.part(facts.firmware()).name()),
                fetched.path(jdk.name()), jdk.sha256(), lock);
        long bytes = lock.packages().stream().mapToLong(PinnedPackage::size).sum();
        return Progress.Done.made(inputs, lock.packages().size() + " packages (" + Progress.mib(bytes)
                + ") from " + archives.describe(lock.distribution().suites()) + ", verified; kernel " + kernel.version()
                + ", JDK " + jdk.version());
    }

    /**
     * Starts checking, on a thread of its own, how far the lock read by {@link #run} is behind the archive (with
     * --update-lock there is nothing to check). Parsing the archive's indexes takes a core for seconds: the
     * builder starts it once the two steps that keep both cores busy are done.
     */
    void startLockCheck() {
        if (lockCheck != null && lockCheck.getState() == Thread.State.NEW) {
            lockCheck.start();
        }
    }

    /** Returns once the lock's check, if started, has said its line (at once if it was never started). */
    void awaitLockCheck() throws InterruptedException {
        if (lockCheck != null) {
            lockCheck.join();
        }
    }

    /** One line (and with --verbose one per package); a failure to check is said, never fatal. */
    private void sayHowFarBehind(DebianPackages debian, Lockfile lock) {
        long start = System.nanoTime();
        Behind behind;
        try {
            behind = debian.behind(lock);
        } catch (IOException | RuntimeException e) {
            say.accept("could not check whether the lock is behind the archive (" + oneLine(e)
                    + "); building from the lock and the cache");
            return;
        }
        say.accept(behind.line());
        if (context.verbose()) {
            behind.details().forEach(say);
            say.accept(String.format(java.util.Locale.ROOT, "  (checked in %.1f s)", (System.nanoTime() - start) / 1e9));
        }
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse("");
    }
}
