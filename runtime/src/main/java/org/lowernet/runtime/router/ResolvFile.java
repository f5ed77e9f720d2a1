package org.lowernet.runtime.router;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.lowernet.runtime.ip.Cidr;
import org.tinylog.Logger;

/**
 * The upstream DNS servers for dnsmasq, as a resolv.conf of {@code nameserver} lines. Replaced atomically
 * (write, then rename) so dnsmasq, which polls the file, never reads half of it.
 */
public record ResolvFile(Path file) {

    public void write(List<InetAddress> servers, String why) {
        StringBuilder text = new StringBuilder("# Written by lowernet: the uplink's DNS servers (" + why + ").\n");
        servers.forEach(s -> text.append("nameserver ").append(Cidr.text(s)).append('\n'));
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(temporary, text, StandardCharsets.US_ASCII);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the upstream DNS servers to " + file + ": " + e.getMessage(), e);
        }
        Logger.info("dns: upstream servers {} ({})",
                servers.isEmpty() ? "none" : String.join(" ", servers.stream().map(Cidr::text).toList()), why);
    }
}
