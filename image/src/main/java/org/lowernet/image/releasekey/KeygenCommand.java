package org.lowernet.image.releasekey;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.lowernet.runtime.cli.ExitCode;
import org.lowernet.runtime.cli.FrontDoor;
import org.lowernet.runtime.cli.UsageException;
import org.lowernet.runtime.update.ReleasePrivateKey;

/**
 * {@code lowernet keygen [--out FILE] [--comment TEXT]}: a new release key in FILE (mode 0600, in a folder
 * only its owner enters when keygen makes it) and its public half in FILE.pub. An existing FILE is never
 * replaced: nodes may already trust its key, and a lost release key means collecting cards.
 */
public final class KeygenCommand {

    private KeygenCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err, defaultFile()));
    }

    /** {@code $XDG_CONFIG_HOME/lowernet/release.key}, else {@code ~/.config/lowernet/release.key}. */
    public static Path defaultFile() {
        String config = Optional.ofNullable(System.getenv("XDG_CONFIG_HOME")).filter(v -> !v.isBlank())
                .orElse(System.getProperty("user.home") + "/.config");
        return Path.of(config, "lowernet", "release.key");
    }

    static int run(List<String> args, PrintStream out, PrintStream err, Path defaultFile) {
        FrontDoor door = FrontDoor.of("keygen", out, err);
        return door.run(args, () -> {
            Path file = defaultFile;
            String comment = "";
            for (int i = 0; i < args.size(); i++) {
                switch (args.get(i)) {
                    case "--out" -> file = Path.of(value(args, ++i));
                    case "--comment" -> comment = value(args, ++i);
                    default -> throw new UsageException("unknown argument '" + args.get(i)
                            + "'; the options are --out FILE, --comment TEXT");
                }
            }
            Path pub = file.resolveSibling(file.getFileName() + ".pub");
            for (Path existing : List.of(file, pub)) {
                if (Files.exists(existing)) {
                    return door.failed(existing + " exists: keygen never replaces a release key (nodes may trust it);"
                            + " give another --out FILE");
                }
            }
            ReleasePrivateKey key = ReleasePrivateKey.generate();
            write(file, key.fileText(), "rw-------");
            write(pub, key.publicKey().fileText(comment), "rw-r--r--");
            out.println("release key " + key.publicKey().fingerprint() + ":");
            out.println("  private: " + file + " (only you can read it: keep it secret, keep a copy offline)");
            out.println("  public:  " + pub + " (" + key.publicKey().base64() + ")");
            out.println("build signed updates with: scripts/build --release-key " + file);
            return ExitCode.OK;
        });
    }

    /**
     * Writes {@code text} to {@code file} with {@code mode}, never over an existing file: a temporary file in the
     * same folder, then a hard link to the final name (which fails if it exists), so a crash leaves no half key.
     */
    private static void write(Path file, String text, String mode) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    "rwx------")));
        }
        Path partial = Files.createTempFile(folder, ".keygen-", ".partial",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
        try {
            Files.writeString(partial, text, StandardCharsets.UTF_8);
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString(mode)); // past the umask
            Files.createLink(file, partial);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " appeared while keygen ran; nothing replaced", e);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static String value(List<String> args, int i) throws UsageException {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw new UsageException(args.get(i - 1) + " needs a value");
        }
        return args.get(i);
    }
}
