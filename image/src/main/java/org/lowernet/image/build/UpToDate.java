package org.lowernet.image.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.lowernet.image.disk.MasterBootRecord;
import org.lowernet.image.fat.FatReader;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;
import org.lowernet.runtime.hash.Sha256;
import org.lowernet.runtime.update.ReleasePublicKey;

/**
 * Whether the last build into this output folder had exactly these inputs and its files are untouched:
 * then a build rewrites nothing. The key covers everything a build reads besides the .debs, which the lock
 * pins by hash and the packages step has verified: the lock, {@code board/}, {@code overlay/}, the JRE
 * module list, the runtime, the build's settings, the JDK that links the JRE and the builder's own
 * classpath (a changed rule in the builder is a changed input). The files are known by size and
 * modification time, as make knows them: one changed since (a QEMU boot writing into the image, say)
 * makes the next build write everything again.
 */
final class UpToDate {

    /** Where the record of the last build lives: the output's work folder, beside the step's scratch. */
    static final String RECORD = "last-build";
    /** Image, .xz, .sha256, .bmap, SBOM, os_list: the release files, in the record's order; then the update bundle. */
    private static final int FILES = 6;

    private final Path record;
    private final String key;

    private UpToDate(Path record, String key) {
        this.record = record;
        this.key = key;
    }

    static UpToDate of(BuildContext context, List<String> boards, Optional<ReleasePublicKey> releaseKey)
            throws IOException {
        List<String> inputs = new ArrayList<>(List.of("build", context.version(), context.epoch().toString(),
                String.join(",", boards), releaseKey.map(ReleasePublicKey::base64).orElse("no release key")));
        inputs.add(Sha256.of(context.lockfile()));
        inputs.add(Sha256.of(context.jreModules()));
        inputs.add(tree(context.board()));
        inputs.add(tree(context.overlay()));
        inputs.add(tree(context.runtime()));
        // jlink runs in this JVM: another JDK may link another JRE.
        inputs.add(System.getProperty("java.home") + " " + Runtime.version());
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            inputs.add(Files.exists(Path.of(entry)) ? tree(Path.of(entry)) : "missing " + entry);
        }
        return new UpToDate(context.output().resolve("work").resolve(RECORD), StepCache.key(inputs));
    }

    /** The last build's result when its key is this one and its files are as it left them. */
    Optional<ImageBuilder.Result> lastBuild() throws IOException {
        if (!Files.isRegularFile(record)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(record, StandardCharsets.UTF_8);
        if (lines.size() < 1 + FILES || lines.size() > 2 + FILES || !lines.getFirst().equals(key)) {
            return Optional.empty();
        }
        List<Path> files = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(" ", 3);
            Path file = record.getParent().getParent().resolve(fields[2]);
            if (!Files.isRegularFile(file) || !stamp(file).equals(fields[0] + " " + fields[1])) {
                return Optional.empty();
            }
            files.add(file);
        }
        Path image = files.get(0);
        Path sha256 = files.get(2);
        String digest = Files.readString(sha256, StandardCharsets.UTF_8).split(" ", 2)[0];
        FileTree boot = bootFiles(image);
        Content system = ((Node.RegularFile) boot.get(BootPartitionStep.SYSTEM_A).orElseThrow()).content();
        return Optional.of(new ImageBuilder.Result(image, files.get(1), sha256, digest, boot, system, files.get(3),
                files.get(4), files.get(5), files.size() > FILES ? Optional.of(files.get(FILES)) : Optional.empty()));
    }

    /** Remembers this build's key and files, once they are published. */
    void save(ImageBuilder.Result result) throws IOException {
        StringBuilder text = new StringBuilder(key).append('\n');
        List<Path> files = new ArrayList<>(List.of(result.image(), result.xz(), result.sha256(), result.bmap(),
                result.sbom(), result.osList()));
        result.update().ifPresent(files::add);
        for (Path file : files) {
            text.append(stamp(file)).append(' ').append(file.getFileName()).append('\n');
        }
        Files.createDirectories(record.getParent());
        Path partial = record.resolveSibling(RECORD + Staging.SUFFIX);
        Files.writeString(partial, text, StandardCharsets.UTF_8);
        Files.move(partial, record, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String stamp(Path file) throws IOException {
        return Files.size(file) + " " + Files.getLastModifiedTime(file).toInstant();
    }

    /** The boot partition's files read back from the image: what a build returns for checks. */
    private static FileTree bootFiles(Path image) throws IOException {
        FileTree boot = new FileTree();
        try (FileChannel disk = FileChannel.open(image, StandardOpenOption.READ)) {
            long offset = MasterBootRecord.read(disk).partitions().getFirst().startLba() * MasterBootRecord.SECTOR_SIZE;
            FatReader fat = new FatReader(disk, offset);
            for (FatReader.Entry entry : fat.list()) {
                if (!entry.directory()) {
                    boot.file(entry.path(), 0644, Content.of(fat.read(entry.path())));
                }
            }
        }
        return boot;
    }

    /** Names, executable bits, link targets and bytes of every file under {@code root}, in sorted order. */
    private static String tree(Path root) throws IOException {
        if (Files.isRegularFile(root)) {
            return Sha256.of(root);
        }
        var sha = Sha256.digest();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted().toList()) {
                sha.update(root.relativize(path).toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                if (Files.isSymbolicLink(path)) {
                    sha.update(("-> " + Files.readSymbolicLink(path)).getBytes(StandardCharsets.UTF_8));
                } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    Set<PosixFilePermission> modes = Files.getPosixFilePermissions(path);
                    sha.update((byte) (modes.contains(PosixFilePermission.OWNER_EXECUTE) ? 'x' : '-'));
                    try (InputStream in = Files.newInputStream(path)) {
                        Sha256.update(sha, in);
                    }
                }
                sha.update((byte) 0);
            }
        }
        return Sha256.hex(sha);
    }
}
