package org.lowernet.runtime.respondd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The wire facts of respondd (Gluon's {@code net/respondd}, yanic's {@code respond/}): the port, the groups,
 * the request words, and the raw deflate (RFC 1951, no zlib header: what Go's {@code compress/flate} reads)
 * of multi-requests' answers.
 */
public final class Respondd {

    public static final int PORT = 1001;
    /** Link-local scope: every node on one mesh link. */
    public static final Inet6Address LINK_GROUP = group("ff02::2:1001");
    /** Site-local scope, which some collectors ask instead. */
    public static final Inet6Address SITE_GROUP = group("ff05::2:1001");
    public static final String NODEINFO = "nodeinfo";
    public static final String STATISTICS = "statistics";
    public static final String NEIGHBOURS = "neighbours";
    public static final List<String> KINDS = List.of(NODEINFO, STATISTICS, NEIGHBOURS);
    /** What yanic sends, and what {@link RespondClient} sends. */
    public static final String QUERY = "GET " + String.join(" ", KINDS);
    /** Gluon's REQUEST_MAXLEN: a request is a few words, longer is not one. */
    public static final int MAX_REQUEST = 256;
    /** yanic reads 8 KiB datagrams; a node's answer is about 1 KiB deflated. */
    public static final int MAX_DATAGRAM = 8192;
    /** The largest JSON an answer may inflate to: 64 KiB is 30 times a real one, and bounds a deflate bomb. */
    public static final int MAX_INFLATED = 64 * 1024;

    private Respondd() {
    }

    public static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
            byte[] chunk = new byte[4096];
            while (!deflater.finished()) {
                out.write(chunk, 0, deflater.deflate(chunk));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /**
     * The raw-deflated {@code data} inflated; an {@link IOException} saying why when it is not a complete
     * deflate stream or inflates to more than {@code max} bytes.
     */
    public static byte[] inflate(byte[] data, int max) throws IOException {
        Inflater inflater = new Inflater(true);
        try {
            // No "dummy byte" after the data, which Inflater's javadoc suggests for nowrap: the zlib of today does
            // not need it, and a zero byte after a cut stream can read as fixed Huffman's end-of-block code.
            inflater.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(max, data.length * 4 + 64));
            byte[] chunk = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IOException("not a complete deflate stream (" + data.length + " bytes end early)");
                }
                if (out.size() + n > max) {
                    throw new IOException("inflates to more than " + max / 1024 + " KiB");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IOException("not raw deflate data: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    private static Inet6Address group(String text) {
        try {
            return (Inet6Address) InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
