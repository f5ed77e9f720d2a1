package org.lowernet.runtime.router;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.lowernet.runtime.ip.Cidr;
import org.tinylog.Logger;

/**
 * The upstream DNS servers for dnsmasq, as a resolv.conf of {@code nameserver} lines, from two sources: this
 * router's own uplink (the lease's or wan.dns servers) and, on a mesh, the resolver of the gateway the mesh
 * routes to. The uplink's servers win while there are any; without them the gateway's resolver answers, so
 * names resolve on every router of a mesh. Replaced atomically (write, then rename) so dnsmasq, which polls the
 * file, never reads half of it.
 */
public final class ResolvFile {

    private final Path file;
    private List<InetAddress> uplink = List.of();
    private String uplinkWhy = "no uplink yet";
    private Optional<InetAddress> meshGateway = Optional.empty();
    private String written;

    public ResolvFile(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** This router's own uplink servers ({@code why}: "from the DHCP lease", "uplink lost", ...). */
    public synchronized void write(List<InetAddress> servers, String why) {
        uplink = List.copyOf(servers);
        uplinkWhy = why;
        update();
    }

    /** The resolver of the mesh gateway in use, or none (no gateway, or no mesh). */
    public synchronized void meshGateway(Optional<InetAddress> resolver) {
        meshGateway = resolver;
        update();
    }

    /** The servers dnsmasq asks and why; the uplink's own first. */
    synchronized List<InetAddress> servers() {
        return uplink.isEmpty() ? meshGateway.stream().toList() : uplink;
    }

    private void update() {
        List<InetAddress> servers = servers();
        String why = uplink.isEmpty() && meshGateway.isPresent() ? "the mesh gateway's resolver, " + uplinkWhy
                : uplinkWhy;
        StringBuilder text = new StringBuilder("# Written by lowernet: the upstream DNS servers (" + why + ").\n");
        servers.forEach(s -> text.append("nameserver ").append(Cidr.text(s)).append('\n'));
        if (text.toString().equals(written) && Files.exists(file)) {
            return;
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(temporary, text, StandardCharsets.US_ASCII);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the upstream DNS servers to " + file + ": " + e.getMessage(), e);
        }
        written = text.toString();
        Logger.info("dns: upstream servers {} ({})",
                servers.isEmpty() ? "none" : String.join(" ", servers.stream().map(Cidr::text).toList()), why);
    }
}
