package org.lowernet.runtime.respondd;

import com.eclipsesource.json.JsonObject;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.json.UntrustedJson;

/**
 * Asks one link who is there: sends {@link Respondd#QUERY} to ff02::2:1001 on an interface and collects the
 * answers for a while. Answers that do not inflate, do not parse, or describe no node are not dropped
 * silently: each is a line in {@link Result#errors()}. Runs in the calling thread's network namespace.
 */
public final class RespondClient {

    /** Bounds memory when something floods the asking socket. */
    public static final int MAX_ANSWERS = 1000;

    private final int port;

    /** @param port the port nodes answer on: {@link Respondd#PORT}, or a test's */
    public RespondClient(int port) {
        this.port = port;
    }

    /**
     * @param nodes  one per node id (a node answering twice, on the site and link group, counts once; its
     *               last answer wins)
     * @param errors one line per answer that could not be read, naming the sender and why
     */
    public record Result(List<NodeAnswer> nodes, List<String> errors) {
        public Result {
            nodes = List.copyOf(nodes);
            errors = List.copyOf(errors);
        }
    }

    /** Asks on {@code iface} and listens for {@code wait}; an {@link IOException} when the interface cannot be used. */
    public Result ask(String iface, Duration wait) throws IOException, InterruptedException {
        NetworkInterface nic = NetworkInterface.getByName(iface);
        if (nic == null) {
            throw new IOException("no interface " + iface + " here");
        }
        Map<String, NodeAnswer> nodes = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET6);
             Selector selector = Selector.open()) {
            channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, nic);
            channel.bind(new InetSocketAddress(0));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            Inet6Address group = Inet6Address.getByAddress(null, Respondd.LINK_GROUP.getAddress(), nic.getIndex());
            try {
                channel.send(ByteBuffer.wrap(Respondd.QUERY.getBytes(StandardCharsets.US_ASCII)),
                        new InetSocketAddress(group, port));
            } catch (IOException e) {
                // EADDRNOTAVAIL: no usable source address, which on a link means no link-local address yet.
                throw new IOException("cannot send on " + iface + " (is it up, with an IPv6 link-local address?): "
                        + e.getMessage(), e);
            }
            ByteBuffer in = ByteBuffer.allocate(Respondd.MAX_DATAGRAM + 1);
            long end = System.nanoTime() + wait.toNanos();
            int received = 0;
            for (long left = wait.toMillis(); left > 0 && received < MAX_ANSWERS;
                 left = (end - System.nanoTime()) / 1_000_000) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                selector.select(left);
                selector.selectedKeys().clear();
                in.clear();
                InetSocketAddress from;
                while ((from = (InetSocketAddress) channel.receive(in)) != null && received < MAX_ANSWERS) {
                    received++;
                    read(from, Arrays.copyOf(in.array(), in.position()), nodes, errors);
                    in.clear();
                }
            }
        }
        return new Result(new ArrayList<>(nodes.values()), errors);
    }

    /**
     * Asks one node at {@code address} (another router's LAN address, over the mesh) and waits up to
     * {@code wait} for its answer; empty when none came. An answer that cannot be read is an {@link IOException}
     * saying why; datagrams from other addresses are not its answer and are skipped.
     */
    public Optional<NodeAnswer> ask(InetAddress address, Duration wait) throws IOException, InterruptedException {
        StandardProtocolFamily family = address instanceof Inet4Address ? StandardProtocolFamily.INET
                : StandardProtocolFamily.INET6;
        try (DatagramChannel channel = DatagramChannel.open(family); Selector selector = Selector.open()) {
            channel.bind(null);
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            channel.send(ByteBuffer.wrap(Respondd.QUERY.getBytes(StandardCharsets.US_ASCII)),
                    new InetSocketAddress(address, port));
            ByteBuffer in = ByteBuffer.allocate(Respondd.MAX_DATAGRAM + 1);
            long end = System.nanoTime() + wait.toNanos();
            for (int datagrams = 0; datagrams < MAX_ANSWERS; ) {
                long left = (end - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return Optional.empty();
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                selector.select(left);
                selector.selectedKeys().clear();
                in.clear();
                if (channel.receive(in) instanceof InetSocketAddress from) {
                    datagrams++;
                    if (from.getAddress().equals(address)) {
                        Map<String, NodeAnswer> nodes = new LinkedHashMap<>();
                        List<String> errors = new ArrayList<>();
                        read(from, Arrays.copyOf(in.array(), in.position()), nodes, errors);
                        if (!errors.isEmpty()) {
                            throw new IOException(errors.getFirst());
                        }
                        return nodes.values().stream().findFirst();
                    }
                }
            }
            return Optional.empty();
        }
    }

    private static void read(InetSocketAddress from, byte[] datagram, Map<String, NodeAnswer> nodes,
                             List<String> errors) {
        String who = Cidr.text(from.getAddress()) + " port " + from.getPort();
        try {
            if (datagram.length > Respondd.MAX_DATAGRAM) {
                throw new IOException("longer than " + Respondd.MAX_DATAGRAM + " bytes");
            }
            String text = new String(Respondd.inflate(datagram, Respondd.MAX_INFLATED), StandardCharsets.UTF_8);
            JsonObject json = UntrustedJson.object(text).orElseThrow(() -> new IOException(
                    "not a JSON object (or nested deeper than " + UntrustedJson.MAX_DEPTH + ")"));
            NodeAnswer node = NodeAnswer.of(from, json);
            nodes.put(node.nodeId(), node);
        } catch (IOException | NodeAnswer.MalformedAnswer e) {
            errors.add(who + ": " + e.getMessage());
        }
    }
}
