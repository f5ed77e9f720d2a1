package org.lowernet.runtime.router;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.lowernet.runtime.ip.Cidr;

/**
 * One event of the WAN DHCP client, as its script prints it:
 * {@code lowernet-lease bound ip=198.51.100.7 mask=24 router=198.51.100.1 dns=198.51.100.1,192.0.2.53 lease=120
 * ntp=198.51.100.1}.
 *
 * @param event   udhcpc's: bound, renew, deconfig, leasefail, nak
 * @param address the leased address with its prefix (bound and renew)
 * @param routers the gateways offered, first preferred
 * @param dns     the DNS servers offered
 * @param lease   the lease time
 * @param ntp     the NTP servers offered (option 42)
 */
public record Lease(Event event, Optional<Cidr> address, List<InetAddress> routers, List<InetAddress> dns,
                    Optional<Duration> lease, List<InetAddress> ntp) {

    /** The tag the script puts first so other udhcpc output is never taken for a lease. */
    public static final String TAG = "lowernet-lease ";

    public enum Event { BOUND, RENEW, DECONFIG, LEASEFAIL, NAK }

    public Lease {
        routers = List.copyOf(routers);
        dns = List.copyOf(dns);
        ntp = List.copyOf(ntp);
    }

    /** Whether the event gives the interface an address. */
    public boolean holds() {
        return (event == Event.BOUND || event == Event.RENEW) && address.isPresent();
    }

    /** The lease in {@code line}, empty if the line is not a lease line; a malformed lease line throws. */
    public static Optional<Lease> parse(String line) {
        if (!line.startsWith(TAG)) {
            return Optional.empty();
        }
        String[] words = line.substring(TAG.length()).strip().split(" +");
        Event event;
        try {
            event = Event.valueOf(words[0].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("WAN DHCP client line '" + line + "': unknown event " + words[0]);
        }
        Map<String, String> fields = new HashMap<>();
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq > 0) {
                fields.put(words[i].substring(0, eq), words[i].substring(eq + 1));
            }
        }
        try {
            Optional<Cidr> address = Optional.empty();
            String ip = fields.getOrDefault("ip", "");
            if (!ip.isEmpty()) {
                int prefix = Integer.parseInt(fields.getOrDefault("mask", "32"));
                if (prefix < 1 || prefix > 32) {
                    throw new IllegalArgumentException("prefix length " + prefix);
                }
                address = Optional.of(new Cidr(ipv4(ip), prefix));
            }
            String lease = fields.getOrDefault("lease", "");
            return Optional.of(new Lease(event, address, addresses(fields.get("router")), addresses(fields.get("dns")),
                    lease.isEmpty() ? Optional.empty() : Optional.of(Duration.ofSeconds(Long.parseLong(lease))),
                    addresses(fields.get("ntp"))));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("WAN DHCP client line '" + line + "': " + e.getMessage(), e);
        }
    }

    private static List<InetAddress> addresses(String list) {
        List<InetAddress> out = new ArrayList<>();
        if (list != null) {
            for (String text : list.split(",")) {
                if (!text.isEmpty()) {
                    out.add(ipv4(text));
                }
            }
        }
        return out;
    }

    /** A dotted quad, parsed without any name lookup. */
    private static InetAddress ipv4(String text) {
        if (!text.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
        }
        return InetAddress.ofLiteral(text);
    }
}
