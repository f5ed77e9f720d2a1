package org.lowernet.image.build;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.lowernet.image.board.Boards;

/** Placeholder until the Debian layer lands: pins and fetches the packages named in board/common. */
final class PackagesStep {

    record DebianInputs(List<Path> root, Path kernel, String kernelSha256, Path firmware, Path jdk, String jdkSha256) {
    }

    PackagesStep(BuildContext context, Boards boards, Consumer<String> say) {
    }

    Progress.Done<DebianInputs> run() {
        throw new UnsupportedOperationException();
    }
}
