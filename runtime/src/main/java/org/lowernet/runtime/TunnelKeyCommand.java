package org.lowernet.runtime;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.lowernet.runtime.cli.ExitCode;
import org.lowernet.runtime.cli.UsageException;
import org.lowernet.runtime.tunnel.NodeKey;
import org.lowernet.runtime.wgkey.WgPublicKey;

/**
 * {@code lowernet tunnel-key} on the node: its WireGuard public key, for the other side's
 * {@code tunnel.<name>.public_key}. Read from the key the runtime uses; the private key is never printed.
 */
final class TunnelKeyCommand implements Command {

    @Override
    public String synopsis() {
        return "tunnel-key           on the node: its WireGuard public key, for the other side of a tunnel";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
        if (!args.isEmpty()) {
            throw new UsageException("tunnel-key takes no arguments, found " + String.join(" ", args));
        }
        Path root = Path.of(System.getProperty("lowernet.root", "/"));
        Optional<WgPublicKey> key = NodeKey.stored(root);
        if (key.isEmpty()) {
            err.println("no tunnel key in " + root.resolve(NodeKey.CARD_FILE) + ", " + root.resolve(NodeKey.DATA_FILE)
                    + " or " + root.resolve(NodeKey.RUN_FILE) + ": the runtime makes it when it starts"
                    + " (is this a lowernet node?)");
            return ExitCode.FAILED;
        }
        out.println(key.get().base64());
        return ExitCode.OK;
    }
}
