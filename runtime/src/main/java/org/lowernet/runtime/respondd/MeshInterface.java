package org.lowernet.runtime.respondd;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.lowernet.runtime.ip.Cidr;
import org.tinylog.Logger;

/**
 * A mesh interface as respondd names it: its MAC (nodeinfo's network.mesh) and its link-local address
 * (neighbours' ll-addr, which lets a map tell which node a neighbour's address belongs to).
 */
public record MeshInterface(String name, Optional<String> mac, Optional<String> linkLocal) {

    /**
     * The kernel's IPv6 addresses of the calling thread's network namespace. Not /proc/net (that is
     * /proc/self/net: the process's first thread's namespace), and not {@link NetworkInterface#getInetAddresses},
     * which reads /proc/net: both are wrong on a thread that entered another namespace (tests do).
     */
    static final Path IF_INET6 = Path.of("/proc/thread-self/net/if_inet6");
    /** if_inet6's scope column: link. */
    private static final String SCOPE_LINK = "20";
    /** IFA_F_TENTATIVE: duplicate address detection still runs, the address cannot be used yet. */
    private static final int TENTATIVE = 0x40;

    /**
     * The interfaces {@code names} as the kernel has them now, in the calling thread's network namespace; one
     * that is missing or unreadable is reported without MAC and address rather than left out.
     */
    public static List<MeshInterface> read(List<String> names) {
        List<String> inet6 = inet6();
        List<MeshInterface> found = new ArrayList<>();
        for (String name : names) {
            found.add(new MeshInterface(name, mac(name), linkLocal(inet6, name)));
        }
        return found;
    }

    /** The first usable link-local address of {@code name} now, in the calling thread's namespace. */
    static Optional<String> linkLocal(String name) {
        return linkLocal(inet6(), name);
    }

    private static List<String> inet6() {
        try {
            return Files.readAllLines(IF_INET6);
        } catch (NoSuchFileException e) {
            return List.of(); // a kernel without IPv6: no link-local addresses to report
        } catch (IOException e) {
            Logger.debug("respondd: cannot read {}: {}", IF_INET6, e.getMessage());
            return List.of();
        }
    }

    /** The first usable link-local address of {@code name} in if_inet6's lines "address index length scope flags name". */
    static Optional<String> linkLocal(List<String> inet6, String name) {
        for (String line : inet6) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 6 && f[5].equals(name) && f[3].equals(SCOPE_LINK) && f[0].length() == 32
                    && (Integer.parseInt(f[4], 16) & TENTATIVE) == 0) {
                try {
                    return Optional.of(Cidr.text(InetAddress.getByAddress(HexFormat.of().parseHex(f[0]))));
                } catch (IOException | IllegalArgumentException e) {
                    Logger.debug("respondd: odd line in {}: {}", IF_INET6, line);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> mac(String name) {
        try {
            NetworkInterface nic = NetworkInterface.getByName(name);
            byte[] hardware = nic == null ? null : nic.getHardwareAddress();
            return hardware != null && hardware.length == 6
                    ? Optional.of(HexFormat.ofDelimiter(":").formatHex(hardware)) : Optional.empty();
        } catch (SocketException e) {
            // Reported as unknown: the answer still tells the rest, and the next request reads again.
            Logger.debug("respondd: cannot read the MAC of {}: {}", name, e.getMessage());
            return Optional.empty();
        }
    }
}
