package org.lowernet.runtime.prefix;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.lowernet.runtime.config.Ipv4;
import org.lowernet.runtime.hash.Sha256;
import org.lowernet.runtime.ip.Cidr;

/**
 * The /N prefixes of the pool in this node's own order: a permutation of the pool's slots seeded by the node's
 * id, so two nodes try different prefixes first (RFC 7695 section 5.1 asks for a pseudo-random choice), the same
 * node always the same ones (candidate k never changes), and the first {@link #count()} candidates are every
 * prefix of the pool once. The permutation is an affine map, an xor-shift and a multiplication by an odd number,
 * each a bijection modulo the power of two that counts the slots.
 */
public final class Candidates {

    private final Cidr pool;
    private final int prefixLength;
    private final int bits;
    private final long mask;
    private final long scale;
    private final long shift;
    private final long spread;

    /** @param seed the node's id (or the test-only seed): the same seed gives the same order */
    public Candidates(Cidr pool, int prefixLength, String seed) {
        if (pool.family() != Cidr.AF_INET || prefixLength < pool.prefixLength() || prefixLength > 32) {
            throw new IllegalArgumentException("no /" + prefixLength + " prefixes in pool " + pool);
        }
        this.pool = new Cidr(pool.network(), pool.prefixLength());
        this.prefixLength = prefixLength;
        this.bits = prefixLength - pool.prefixLength();
        this.mask = (1L << bits) - 1;
        ByteBuffer digest = ByteBuffer.wrap(sha256(seed));
        this.scale = digest.getLong() | 1;
        this.shift = digest.getLong();
        this.spread = digest.getLong() | 1;
    }

    public Cidr pool() {
        return pool;
    }

    public int prefixLength() {
        return prefixLength;
    }

    /** How many /N prefixes the pool holds. */
    public long count() {
        return 1L << bits;
    }

    /** Candidate {@code k} (taken modulo {@link #count()}). */
    public Cidr get(long k) {
        return prefixAt(slot(Math.floorMod(k, count())));
    }

    /** Where {@code prefix} comes in this node's order, if it is one of the pool's /N prefixes. */
    public OptionalLong indexOf(Cidr prefix) {
        OptionalLong slot = slotOf(prefix);
        if (slot.isEmpty()) {
            return slot;
        }
        long x = slot.getAsLong() * inverse(spread) & mask;
        x = mix(x); // its own inverse
        return OptionalLong.of((x - shift) * inverse(scale) & mask);
    }

    /**
     * The prefix's place in the pool in address order (10.77.3.0/24 is slot 3 of 10.77.0.0/16), if it is one of
     * the pool's /N prefixes: distinct prefixes have distinct slots, which is what makes the IPv6 subnet id
     * derived from it unique.
     */
    public OptionalLong slotOf(Cidr prefix) {
        if (prefix.family() != Cidr.AF_INET || prefix.prefixLength() != prefixLength || !pool.contains(prefix.address())
                || !prefix.address().equals(prefix.network())) {
            return OptionalLong.empty();
        }
        long offset = Ipv4.of(prefix.network()).unsigned() - Ipv4.of(pool.network()).unsigned();
        return OptionalLong.of(offset >>> (32 - prefixLength));
    }

    private long slot(long k) {
        return mix(k * scale + shift & mask) * spread & mask;
    }

    private Cidr prefixAt(long slot) {
        Ipv4 network = Ipv4.of(pool.network()).plus(slot << (32 - prefixLength));
        return new Cidr(network.toInetAddress(), prefixLength);
    }

    /** x ^ (x >>> h) with h at least half the bits: its own inverse. */
    private long mix(long x) {
        return (x ^ x >>> (bits + 1) / 2) & mask;
    }

    /** The multiplicative inverse of an odd number modulo 2^bits. */
    private long inverse(long odd) {
        if (bits == 0) {
            return 0;
        }
        return BigInteger.valueOf(odd & mask).modInverse(BigInteger.ONE.shiftLeft(bits)).longValue();
    }

    private static byte[] sha256(String seed) {
        return Sha256.bytes(seed.getBytes(StandardCharsets.UTF_8));
    }
}
