package org.lowernet.image.build;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.lowernet.image.board.Boards;
import org.lowernet.image.board.ImageFacts;
import org.lowernet.image.debian.DebianPackages;
import org.lowernet.image.debian.Lockfile;
import org.lowernet.image.debian.Mirror;
import org.lowernet.image.debian.PackageCache;
import org.lowernet.image.debian.PinnedPackage;

/**
 * Pins (with {@code --update-lock}) and fetches the Debian packages named in {@code board/common}:
 * {@code packages} are installed with their dependencies, the parts of {@code image.conf} are only
 * taken apart.
 */
final class PackagesStep {

    /** The verified .debs the later steps read, and the lock that names them (for the SBOM). */
    record DebianInputs(List<Path> root, Path kernel, String kernelSha256, Path firmware, Path jdk, String jdkSha256,
            Lockfile lock) {
    }

    private final BuildContext context;
    private final Boards boards;
    private final Consumer<String> say;

    PackagesStep(BuildContext context, Boards boards, Consumer<String> say) {
        this.context = context;
        this.boards = boards;
        this.say = say;
    }

    Progress.Done<DebianInputs> run() throws IOException {
        List<String> roots = boards.commonList("packages");
        ImageFacts facts = boards.facts();
        Mirror mirror = Mirror.choose(context.mirror(), Path.of("/"));
        DebianPackages debian = new DebianPackages(facts.debian(), mirror,
                new PackageCache(context.cache()), context.lockfile(), say);
        Lockfile lock = context.updateLock() ? debian.update(roots, facts.parts())
                : debian.readLock(roots, facts.parts());
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
                + ") from " + mirror + ", verified; kernel " + kernel.version() + ", JDK " + jdk.version());
    }
}
