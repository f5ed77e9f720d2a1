package org.lowernet.runtime.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.lowernet.runtime.hash.Sha256;
import org.lowernet.runtime.ip.Cidr;

/**
 * How this node joins the neighbourhood's mesh: where its LAN prefix comes from when lan.address is not
 * set, the site's IPv6 prefix, the names across the mesh and what the mesh may open on the LAN.
 *
 * @param pool         the block every node's LAN prefix is picked from
 * @param prefixLength the length of each node's LAN prefix inside the pool
 * @param ula          the site's IPv6 unique local /48 from mesh.ula; empty means {@link #derivedUla(Optional)}
 * @param domain       nodes are NODE.domain, their LAN clients CLIENT.NODE.domain
 * @param policy       open or isolated
 * @param lanFixed     lan.address is in the file: the LAN keeps it (checked against the mesh, never moved)
 */
public record MeshConfig(Cidr pool, int prefixLength, Optional<Cidr> ula, String domain, MeshPolicy policy,
                         boolean lanFixed) {

    private static final int ULA_LENGTH = 48;
    /** A /48's subnet ids are 16 bits: the pool may hold at most 2^16 prefixes, one /64 each. */
    private static final int MAX_PREFIX_BITS = 16;

    public static final Key<Cidr> POOL = Key.of("mesh.pool", ValueTypes.ipv4Network(8, 28), "10.77.0.0/16",
            "The block each mesh node picks its LAN prefix from when lan.address is not set.", "10.99.0.0/16");
    public static final Key<Integer> PREFIX_LENGTH = Key.of("mesh.prefix_length", ValueTypes.integer(16, 29), "24",
            "The length of each node's LAN prefix inside mesh.pool.", "26");
    public static final Key<Cidr> ULA = Key.optional("mesh.ula", ValueTypes.ulaNetwork(ULA_LENGTH),
            "derived from the site (fdXX:XXXX:XXXX::/48)",
            "The site's IPv6 unique local /48; each node's LAN gets a /64 of it.", "fd12:3456:789a::/48");
    public static final Key<String> DOMAIN = Key.of("mesh.domain", ValueTypes.hostname(63), "mesh",
            "Nodes answer as NODE.<domain> across the mesh, their LAN clients as CLIENT.NODE.<domain>.",
            "riverside.arpa");
    public static final Key<MeshPolicy> POLICY = Key.of("mesh.policy", ValueTypes.oneOf(MeshPolicy.class), "open",
            "open: mesh and LAN reach each other; isolated: the mesh gets only replies from this LAN.", "isolated");
    static final List<Key<?>> KEYS = List.of(POOL, PREFIX_LENGTH, ULA, DOMAIN, POLICY);

    public MeshConfig {
        if (prefixLength < pool.prefixLength()) {
            throw new IllegalArgumentException("prefix length /" + prefixLength + " is shorter than the pool " + pool);
        }
    }

    public static MeshConfig defaults() {
        return new MeshConfig(POOL.defaultValue().orElseThrow(), PREFIX_LENGTH.defaultValue().orElseThrow(),
                Optional.empty(), DOMAIN.defaultValue().orElseThrow(), POLICY.defaultValue().orElseThrow(), false);
    }

    /** The site's ULA /48: mesh.ula, else {@link #derivedUla(Optional)}. */
    public Cidr ula(Optional<String> site) {
        return ula.orElseGet(() -> derivedUla(site));
    }

    /**
     * fd and 40 bits of SHA-256 of the site id ("lowernet" without one): every node of a site derives the same
     * /48 without a registry, and different sites almost surely different ones (RFC 4193's aim).
     */
    public static Cidr derivedUla(Optional<String> site) {
        byte[] digest = Sha256.bytes(site.orElse("lowernet").getBytes(StandardCharsets.UTF_8));
        byte[] address = new byte[16];
        address[0] = (byte) 0xFD;
        System.arraycopy(digest, 0, address, 1, 5);
        try {
            return new Cidr(InetAddress.getByAddress(address), ULA_LENGTH);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }

    static void check(Settings settings) {
        if (settings.failed(POOL) || settings.failed(PREFIX_LENGTH)) {
            return;
        }
        Cidr pool = settings.valueOrDefault(POOL);
        int length = settings.valueOrDefault(PREFIX_LENGTH);
        if (length < pool.prefixLength()) {
            Setting<?> where = settings.get(PREFIX_LENGTH).isPresent() ? settings.get(PREFIX_LENGTH).get()
                    : settings.get(POOL).orElseThrow();
            settings.error(where, "a prefix length of /" + pool.prefixLength() + " or longer, to fit in mesh.pool "
                    + pool.subnet(), "/" + length);
        }
        String poolWhere = settings.get(POOL).map(s -> "mesh.pool on line " + s.line()).orElse("the default mesh.pool");
        if (length - pool.prefixLength() > MAX_PREFIX_BITS) {
            Setting<?> where = settings.get(PREFIX_LENGTH).isPresent() ? settings.get(PREFIX_LENGTH).get()
                    : settings.get(POOL).orElseThrow();
            settings.error(where, "at most " + (1 << MAX_PREFIX_BITS) + " prefixes in mesh.pool " + pool.subnet() + " ("
                    + poolWhere + "; each LAN's IPv6 /64 is numbered by its prefix's place in the pool), so /"
                    + (pool.prefixLength() + MAX_PREFIX_BITS) + " or shorter", "/" + length);
        }
        Optional<Setting<Cidr>> wan = settings.failed(WanConfig.ADDRESS) ? Optional.empty()
                : settings.get(WanConfig.ADDRESS);
        settings.get(POOL).ifPresent(line -> wan.filter(w -> w.value().overlaps(pool)).ifPresent(w -> settings.error(line,
                "a pool apart from the WAN subnet " + w.value().subnet() + " (wan.address on line " + w.line() + ")",
                pool.subnet() + ", which overlaps it")));
        // The default pool only matters to a node with a mesh interface; then the WAN's line is the one to change.
        boolean mesh = InterfaceRoles.from(settings).containsValue(InterfaceRole.MESH);
        if (settings.get(POOL).isEmpty() && mesh) {
            wan.filter(w -> w.value().overlaps(pool)).ifPresent(w -> settings.error(w,
                    "a WAN subnet apart from the default mesh.pool " + pool.subnet() + " (or a mesh.pool line apart"
                            + " from it)", w.value().subnet() + ", which overlaps it"));
        }
        // A LAN inside the pool is one node's claim among the others'; one covering the pool would leave them none.
        Optional<Setting<Cidr>> lan = settings.failed(LanConfig.ADDRESS) ? Optional.empty()
                : settings.get(LanConfig.ADDRESS);
        lan.map(l -> new Cidr(l.value().network(), l.value().prefixLength()))
                .filter(subnet -> subnet.overlaps(pool) && subnet.prefixLength() <= pool.prefixLength())
                .ifPresent(subnet -> settings.error(lan.get(), "a LAN subnet inside mesh.pool " + pool.subnet() + " ("
                        + poolWhere + ") or apart from it", subnet.subnet() + ", which covers the whole pool"));
    }

    static MeshConfig from(Settings settings) {
        return new MeshConfig(settings.valueOrDefault(POOL), settings.valueOrDefault(PREFIX_LENGTH),
                settings.get(ULA).map(Setting::value), settings.valueOrDefault(DOMAIN),
                settings.valueOrDefault(POLICY), settings.get(LanConfig.ADDRESS).isPresent());
    }

    /** For logs: "pool 10.77.0.0/16 as /24s, ula fd…/48, domain mesh, open". */
    String summary(Optional<String> site) {
        return "pool " + pool.subnet() + " as /" + prefixLength + "s, ula " + ula(site).subnet() + ", domain " + domain
                + ", " + policy.name().toLowerCase(Locale.ROOT);
    }
}
