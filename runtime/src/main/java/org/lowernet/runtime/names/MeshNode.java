package org.lowernet.runtime.names;

import java.net.InetAddress;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A router of the mesh as the names know it.
 *
 * @param name      its hostname, a DNS label
 * @param addresses where it answers: its LAN addresses (IPv4 and the ULA), first the one DNS questions go to
 */
public record MeshNode(String name, List<InetAddress> addresses) {

    /** One DNS label (RFC 1123): what a router's name must be to stand in front of the mesh domain. */
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    public MeshNode {
        addresses = List.copyOf(addresses);
        if (!isLabel(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a DNS label (a-z, 0-9, '-', 1 to 63)");
        }
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("router " + name + " without an address");
        }
    }

    /** Whether {@code name} can be a router's or client's name in the mesh domain (lowercase). */
    public static boolean isLabel(String name) {
        return LABEL.matcher(name).matches();
    }
}
