package org.lowernet.runtime.prefix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.lowernet.runtime.data.AtomicFile;
import org.lowernet.runtime.ip.Cidr;
import org.tinylog.Logger;

/**
 * The chosen prefix on /data ({@value #FILE} below the root), one line such as {@code 10.77.3.0/24}: the node
 * takes the same prefix again after a reboot or a restart, so its clients keep their addresses. Written
 * atomically; a file that cannot be read as such a line is said and ignored (the next choice replaces it).
 */
public record PrefixStore(Path file) {

    public static final String FILE = "data/lowernet/mesh/prefix";

    public static PrefixStore below(Path root) {
        return new PrefixStore(root.resolve(FILE));
    }

    /** The kept prefix; empty when there is none or it is unreadable (said in the log). */
    public Optional<Cidr> read() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            Logger.warn("mesh prefix: cannot read {} ({}); choosing a prefix anew", file, e.getMessage());
            return Optional.empty();
        }
        try {
            Cidr prefix = Cidr.parse(text);
            if (prefix.family() != Cidr.AF_INET || !prefix.address().equals(prefix.network())) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 network such as 10.77.3.0/24");
            }
            return Optional.of(prefix);
        } catch (IllegalArgumentException e) {
            Logger.warn("mesh prefix: ignoring the corrupt {} ({}); choosing a prefix anew, which replaces it", file,
                    e.getMessage());
            return Optional.empty();
        }
    }

    public void write(Cidr prefix) throws IOException {
        AtomicFile.write(file, prefix.subnet() + "\n");
    }
}
