package org.lowernet.runtime.respondd;

import com.eclipsesource.json.JsonObject;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.lowernet.runtime.subsystem.Subsystem;
import org.tinylog.Logger;

/**
 * Answers respondd requests that reach this node on its mesh interfaces, best-effort.
 *
 * <p>Per mesh interface one socket bound to {@code [ff02::2:1001%iface]:1001} and joined to that group there:
 * binding to a link-scoped address binds the socket to the interface, so a request sent to the group on any
 * other interface (LAN, WAN) never reaches it. One more socket, bound to {@code [ff05::2:1001]:1001}, has
 * the site group joined on every mesh interface; a site-scoped bind cannot be tied to an interface, and the
 * kernel hands it the group from any interface where any program joined it. So every answer goes only to a
 * link-local sender whose scope (the interface the request came in on) is a mesh interface. Unicast requests
 * (yanic asks a node that missed a multicast again that way) are taken on each mesh interface's own
 * link-local address, by a socket bound to {@code [fe80::…%iface]:1001} once the address is there (it comes
 * with the carrier, after duplicate address detection). Answers go unicast to the sender, from the interface
 * the request came in on.
 *
 * <p>Other routers of the mesh ask a node by unicast at its LAN address over several hops (the names' mesh
 * directory): one IPv4 socket on {@code 0.0.0.0:1001} takes those. It cannot see the interface a request came in
 * on, so here the firewall decides: it lets UDP 1001 in from mesh ports only (LAN and WAN input drop it).
 *
 * <p>An interface missing at the start (a USB adapter not yet there) is tried again every {@link #RETRY}.
 * Malformed and oversized requests are ignored and counted, each kind logged once; at most
 * {@code answersPerSecond} answers go out a second. All work happens on one thread, {@code respondd}, which
 * is started by {@link #start()} and so lives in the caller's network namespace (tests start it in one).
 */
public final class RespondServer implements Subsystem {

    /** Enough for every collector of a site asking every few seconds; a flood gets no more. */
    public static final int ANSWERS_PER_SECOND = 20;
    static final Duration RETRY = Duration.ofSeconds(10);

    /** The three answers, each read afresh per request (on the respondd thread). */
    public record Providers(Supplier<JsonObject> nodeinfo, Supplier<JsonObject> statistics,
                            Supplier<JsonObject> neighbours) {

        JsonObject get(String kind) {
            return switch (kind) {
                case Respondd.NODEINFO -> nodeinfo.get();
                case Respondd.STATISTICS -> statistics.get();
                case Respondd.NEIGHBOURS -> neighbours.get();
                default -> throw new IllegalArgumentException("no respondd kind " + kind);
            };
        }
    }

    private final List<String> interfaces;
    private final int port;
    private final Providers providers;
    private final int answersPerSecond;
    private final Map<Request.Problem, Long> ignored = new EnumMap<>(Request.Problem.class);
    private final Set<Request.Problem> logged = EnumSet.noneOf(Request.Problem.class);
    private final Map<String, DatagramChannel> linkChannels = new LinkedHashMap<>();
    private final Map<String, DatagramChannel> unicastChannels = new LinkedHashMap<>();
    private final Set<String> siteJoined = new HashSet<>();
    /** Interface index to name, of the mesh interfaces listened on: the scopes answers may go to. */
    private final Map<Integer, String> meshIndexes = new ConcurrentHashMap<>();
    /** Interfaces whose trouble was logged: a mesh port without a cable is tried every 10 s, said once. */
    private final Set<String> troubleLogged = new HashSet<>();
    private Selector selector;
    private DatagramChannel siteChannel;
    private DatagramChannel ipv4Channel;
    private Thread thread;
    private volatile boolean running;
    private long answered;
    private long refused;
    private long failed;
    private long foreign;

    /**
     * @param interfaces the mesh interfaces to answer on, by name
     * @param port       {@link Respondd#PORT}; tests may use another
     */
    public RespondServer(List<String> interfaces, int port, Providers providers, int answersPerSecond) {
        this.interfaces = List.copyOf(interfaces);
        this.port = port;
        this.providers = providers;
        this.answersPerSecond = answersPerSecond;
    }

    @Override
    public String name() {
        return "respondd";
    }

    @Override
    public boolean essential() {
        return false;
    }

    @Override
    public void start() throws IOException {
        if (interfaces.isEmpty()) {
            Logger.info("respondd: off (no interface has role mesh)");
            return;
        }
        selector = Selector.open();
        try {
            siteChannel = open(StandardProtocolFamily.INET6, new InetSocketAddress(Respondd.SITE_GROUP, port));
            ipv4Channel = open(StandardProtocolFamily.INET, new InetSocketAddress(port));
        } catch (IOException e) {
            // Port 1001 taken (another respondd?): the channels registered so far close with the selector.
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            selector.close();
            throw new IOException("cannot listen on UDP " + port + ": " + e.getMessage(), e);
        }
        joinMissing();
        running = true;
        AnswerBudget budget = new AnswerBudget(answersPerSecond, System::nanoTime);
        thread = Thread.ofPlatform().name("respondd").daemon().start(() -> serve(budget));
        Logger.info("respondd: answering on {} of {} (UDP {}, ff02::2:1001 and ff05::2:1001)",
                String.join(", ", linkChannels.keySet()), String.join(", ", interfaces), port);
    }

    @Override
    public void stop() throws Exception {
        if (thread == null) {
            return;
        }
        running = false;
        selector.wakeup();
        thread.join(Duration.ofSeconds(5));
        for (DatagramChannel channel : linkChannels.values()) {
            channel.close();
        }
        for (DatagramChannel channel : unicastChannels.values()) {
            channel.close();
        }
        siteChannel.close();
        ipv4Channel.close();
        selector.close();
        Logger.info("respondd: stopped after {} answers ({} over the rate bound, {} failed, {} not from a mesh link);"
                + " ignored {}", answered, refused, failed, foreign, ignored);
    }

    /** Requests ignored so far, by problem; a copy. */
    public synchronized Map<Request.Problem, Long> ignored() {
        return new EnumMap<>(ignored);
    }

    Providers providers() {
        return providers;
    }

    /** Requests from senders that are not link-local on a mesh interface, so far. */
    public synchronized long foreign() {
        return foreign;
    }

    /** Answers sent so far. */
    public synchronized long answered() {
        return answered;
    }

    private void serve(AnswerBudget budget) {
        ByteBuffer in = ByteBuffer.allocate(Respondd.MAX_REQUEST + 1);
        long nextRetry = System.nanoTime() + RETRY.toNanos();
        while (running) {
            try {
                selector.select(RETRY.toMillis());
                for (SelectionKey key : selector.selectedKeys()) {
                    DatagramChannel channel = (DatagramChannel) key.channel();
                    in.clear();
                    SocketAddress from = channel.receive(in);
                    if (from != null) {
                        // A datagram longer than the buffer is cut to it: length MAX_REQUEST + 1 marks it oversized.
                        handle(channel, from, in.array(), in.position(), budget);
                    }
                }
                selector.selectedKeys().clear();
                if (System.nanoTime() - nextRetry > 0) {
                    joinMissing();
                    nextRetry = System.nanoTime() + RETRY.toNanos();
                }
            } catch (IOException | RuntimeException e) {
                if (running) {
                    // One bad moment (an interface vanishing under a send) must not end the answers for good; a
                    // lasting one (statistics unreadable) is said at its first and every 100th time, not 20 a second.
                    long count;
                    synchronized (this) {
                        count = ++failed;
                    }
                    if (count == 1 || count % 100 == 0) {
                        Logger.warn("respondd: {} (failure {} since the start)", e.toString(), count);
                    }
                }
            }
        }
    }

    private void handle(DatagramChannel channel, SocketAddress from, byte[] datagram, int length,
                        AnswerBudget budget) throws IOException {
        boolean meshLink = from instanceof InetSocketAddress sender && sender.getAddress() instanceof Inet6Address address
                && address.isLinkLocalAddress() && meshIndexes.containsKey(address.getScopeId());
        if (channel != ipv4Channel && !meshLink) {
            synchronized (this) {
                foreign++;
            }
            return;
        }
        Request.Parsed parsed = Request.parse(datagram, length);
        if (parsed.problem().isPresent()) {
            ignore(parsed.problem().get(), from, datagram, length);
            return;
        }
        if (!budget.take()) {
            synchronized (this) {
                refused++;
            }
            return;
        }
        try {
            channel.send(ByteBuffer.wrap(answer(parsed.request().orElseThrow())), from);
        } catch (IOException e) {
            // EADDRNOTAVAIL right after a link comes up: the port's own link-local address is still tentative.
            throw new IOException("answering " + from + ": " + e.getMessage()
                    + " (is the mesh port's link-local address still in duplicate address detection?)", e);
        }
        synchronized (this) {
            answered++;
        }
    }

    /** The bytes answering {@code request}: deflated {"kind": {...}, ...} for GET, else the one object as text. */
    byte[] answer(Request request) {
        if (!request.compressed()) {
            return providers.get(request.kinds().getFirst()).toString().getBytes(StandardCharsets.UTF_8);
        }
        JsonObject all = new JsonObject();
        request.kinds().forEach(kind -> all.add(kind, providers.get(kind)));
        return Respondd.deflate(all.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void ignore(Request.Problem problem, SocketAddress from, byte[] datagram, int length) {
        boolean first;
        synchronized (this) {
            ignored.merge(problem, 1L, Long::sum);
            first = logged.add(problem);
        }
        if (first) {
            String shown = new String(datagram, 0, Math.min(length, 40), StandardCharsets.US_ASCII)
                    .replaceAll("[^\\x20-\\x7e]", "?");
            Logger.warn("respondd: ignoring a request from {} ({}: '{}'); further such requests are only counted",
                    from, problem.name().toLowerCase(Locale.ROOT).replace('_', ' '), shown);
        }
    }

    /** Opens and joins what is missing: an interface may appear after the start (USB) or be renamed back. */
    private void joinMissing() {
        for (String name : interfaces) {
            if (linkChannels.containsKey(name) && siteJoined.contains(name) && unicastChannels.containsKey(name)) {
                continue;
            }
            try {
                NetworkInterface nic = NetworkInterface.getByName(name);
                if (nic == null) {
                    trouble(name, "no such interface yet");
                    continue;
                }
                if (!linkChannels.containsKey(name)) {
                    Inet6Address scoped = Inet6Address.getByAddress(null, Respondd.LINK_GROUP.getAddress(), nic.getIndex());
                    DatagramChannel channel = open(StandardProtocolFamily.INET6, new InetSocketAddress(scoped, port));
                    channel.join(Respondd.LINK_GROUP, nic);
                    linkChannels.put(name, channel);
                }
                if (!siteJoined.contains(name)) {
                    siteChannel.join(Respondd.SITE_GROUP, nic);
                    siteJoined.add(name);
                }
                meshIndexes.put(nic.getIndex(), name);
                Optional<String> own = MeshInterface.linkLocal(name);
                if (!unicastChannels.containsKey(name) && own.isPresent()) {
                    // Not a trouble while it is missing: a port without a cable has no link-local address yet.
                    Inet6Address scoped = Inet6Address.getByAddress(null,
                            InetAddress.getByName(own.get()).getAddress(), nic.getIndex());
                    unicastChannels.put(name, open(StandardProtocolFamily.INET6, new InetSocketAddress(scoped, port)));
                }
                if (troubleLogged.remove(name) && running) {
                    Logger.info("respondd: now answering on {}", name);
                }
            } catch (IOException e) {
                trouble(name, e.getMessage());
            }
        }
    }

    private void trouble(String name, String why) {
        if (troubleLogged.add(name)) {
            Logger.warn("respondd: not answering on {} ({}); trying again every {} s", name, why, RETRY.toSeconds());
        }
    }

    private DatagramChannel open(StandardProtocolFamily family, InetSocketAddress bind) throws IOException {
        DatagramChannel channel = DatagramChannel.open(family);
        try {
            // Every mesh interface's socket binds the same group and port, each on its own interface.
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(bind);
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }
}
