package org.lowernet.runtime.names;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.lowernet.runtime.config.Ipv4;

/**
 * The named clients in dnsmasq's lease file ({@code EXPIRY MAC ADDRESS NAME CLIENT-ID} per line; {@code *} for
 * no name): those whose name is a DNS label get CLIENT.NODE.domain. Lines dnsmasq writes for DHCPv6 (the
 * {@code duid} line, IPv6 addresses) and names that are not labels are passed over.
 */
final class LanLeases {

    private LanLeases() {
    }

    static Map<String, InetAddress> read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Map.of();
        }
        return parse(text);
    }

    static Map<String, InetAddress> parse(String text) {
        Map<String, InetAddress> clients = new TreeMap<>();
        for (String line : text.split("\n")) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length < 4) {
                continue;
            }
            String name = fields[3].toLowerCase(Locale.ROOT);
            Ipv4.tryParse(fields[2]).filter(a -> MeshNode.isLabel(name))
                    .ifPresent(a -> clients.put(name, a.toInetAddress()));
        }
        return clients;
    }
}
