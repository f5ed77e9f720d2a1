package org.lowernet.image.update;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lowernet.image.releasekey.KeygenCommand;
import org.lowernet.runtime.cli.ExitCode;
import org.lowernet.runtime.cli.FrontDoor;
import org.lowernet.runtime.cli.UsageException;
import org.lowernet.runtime.update.BundleRefused;
import org.lowernet.runtime.update.ReleasePublicKey;
import org.lowernet.runtime.update.UpdateBundle;
import org.lowernet.runtime.update.UpdateManifest;

/**
 * {@code lowernet verify-update BUNDLE [--key FILE.pub]...}: reads the whole bundle as a node would, against the
 * given public keys (else keygen's default {@code release.key.pub}), and prints what it holds; a refusal is
 * exit 1 with the node's reason.
 */
public final class VerifyUpdateCommand {

    private VerifyUpdateCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err, defaultKey()));
    }

    /** The public half beside keygen's default private key. */
    static Path defaultKey() {
        Path key = KeygenCommand.defaultFile();
        return key.resolveSibling(key.getFileName() + ".pub");
    }

    static int run(List<String> args, PrintStream out, PrintStream err, Path defaultKey) {
        FrontDoor door = FrontDoor.of("verify-update", out, err);
        return door.run(args, () -> {
            Path bundle = null;
            List<Path> keyFiles = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (arg.equals("--key")) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("--key needs a value");
                    }
                    keyFiles.add(Path.of(args.get(++i)));
                } else if (arg.startsWith("-") || bundle != null) {
                    throw new UsageException("unknown argument '" + arg + "'; the options are --key FILE.pub");
                } else {
                    bundle = Path.of(arg);
                }
            }
            if (bundle == null) {
                throw new UsageException("no BUNDLE given");
            }
            if (keyFiles.isEmpty()) {
                keyFiles.add(defaultKey);
            }
            List<ReleasePublicKey> trusted = new ArrayList<>();
            for (Path file : keyFiles) {
                try {
                    trusted.add(ReleasePublicKey.parseFile(Files.readString(file, StandardCharsets.UTF_8)));
                } catch (IllegalArgumentException e) {
                    throw new IOException("--key " + file + ": " + e.getMessage());
                }
            }
            UpdateManifest manifest;
            ReleasePublicKey signer;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(bundle), 1 << 20)) {
                UpdateBundle.Opened opened = UpdateBundle.open(in, trusted);
                manifest = opened.manifest();
                signer = opened.signer();
                opened.readParts(part -> OutputStream.nullOutputStream());
            } catch (BundleRefused e) {
                return door.failed(bundle + " refused: " + e.getMessage());
            }
            out.printf(Locale.ROOT, "%s: lowernet %s for %s, boards %s%n", bundle.getFileName(), manifest.version(),
                    manifest.architecture(), String.join(", ", manifest.boards()));
            out.printf(Locale.ROOT, "signed by %s; %d parts, %d pieces, %s: every piece checks%n", signer,
                    manifest.parts().size(), manifest.parts().stream().mapToInt(p -> p.pieces().size()).sum(),
                    mib(manifest.bytes()));
            for (UpdateManifest.Part part : manifest.parts()) {
                out.printf(Locale.ROOT, "  %-6s %-32s %10s  %s%n", part.role().name().toLowerCase(Locale.ROOT),
                        part.name(), mib(part.size()), part.sha256());
            }
            return ExitCode.OK;
        });
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
