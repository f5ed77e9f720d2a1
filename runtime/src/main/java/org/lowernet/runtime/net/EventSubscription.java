package org.lowernet.runtime.net;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.lowernet.runtime.net.netlink.Errno;
import org.lowernet.runtime.net.netlink.IfAddrMsg;
import org.lowernet.runtime.net.netlink.LinuxRtnetlink;
import org.lowernet.runtime.net.netlink.NetlinkDecodeException;
import org.lowernet.runtime.net.netlink.NetlinkException;
import org.lowernet.runtime.net.netlink.NetlinkMessage;
import org.lowernet.runtime.net.netlink.NetlinkSocket;
import org.tinylog.Logger;

/**
 * Reads notifications on a background thread and hands them to a listener as {@link NetEvent}s. The thread sleeps
 * until the kernel has something to say: {@link #close()} wakes it to stop, then the socket is closed.
 */
public final class EventSubscription implements AutoCloseable {

    /** The longest one wait for a notification: {@link #close()} wakes the reader, so only a bound. */
    private static final Duration WAIT = Duration.ofHours(1);
    /** How long {@link #close()} waits for the woken reader to end. */
    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(2);

    private final NetlinkSocket socket;
    private final Consumer<NetEvent> listener;
    private final Thread thread;
    private volatile boolean stopping;

    private EventSubscription(NetlinkSocket socket, Consumer<NetEvent> listener) {
        this.socket = socket;
        this.listener = listener;
        this.thread = Thread.ofPlatform().daemon().name("netlink-events").unstarted(this::run);
    }

    /** Starts reading {@code socket}, which must be bound to the groups of interest; takes ownership of it. */
    public static EventSubscription start(NetlinkSocket socket, Consumer<NetEvent> listener) {
        EventSubscription subscription = new EventSubscription(socket, listener);
        subscription.thread.start();
        return subscription;
    }

    private void run() {
        try {
            while (!stopping) {
                try {
                    for (NetlinkMessage message : socket.receive(WAIT)) {
                        decode(message).ifPresent(this::deliver);
                    }
                } catch (NetlinkException e) {
                    if (e.errno().number() != Errno.ENOBUFS) {
                        throw e;
                    }
                    Logger.warn("netlink events: the kernel dropped notifications (ENOBUFS); re-reading the state");
                    listener.accept(new NetEvent.EventsLost());
                } catch (NetlinkDecodeException e) {
                    Logger.error("netlink events: skipping a malformed notification: {}", e.getMessage());
                }
            }
        } catch (RuntimeException e) {
            Logger.error(e, "netlink events: the reader stopped; interface drift is no longer noticed");
        } finally {
            socket.close();
        }
    }

    private void deliver(NetEvent event) {
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            Logger.error(e, "netlink events: the listener failed on {}", event);
        }
    }

    /** The event a notification announces; empty for other types and other routing tables. */
    static Optional<NetEvent> decode(NetlinkMessage message) {
        return switch (message.type()) {
            case LinuxRtnetlink.RTM_NEWLINK -> Optional.of(new NetEvent.LinkChanged(Links.decode(message)));
            case LinuxRtnetlink.RTM_DELLINK -> Optional.of(new NetEvent.LinkRemoved(Links.decode(message)));
            case LinuxRtnetlink.RTM_NEWADDR, LinuxRtnetlink.RTM_DELADDR -> {
                if (!InetBytes.isIp(IfAddrMsg.read(message).family())) {
                    yield Optional.empty();
                }
                Address address = Addresses.decode(message);
                yield Optional.of(message.type() == LinuxRtnetlink.RTM_NEWADDR
                        ? new NetEvent.AddressAdded(address) : new NetEvent.AddressRemoved(address));
            }
            case LinuxRtnetlink.RTM_NEWROUTE, LinuxRtnetlink.RTM_DELROUTE -> {
                if (!Routes.isMainIp(message)) {
                    yield Optional.empty();
                }
                Route route = Routes.decode(message);
                yield Optional.of(message.type() == LinuxRtnetlink.RTM_NEWROUTE
                        ? new NetEvent.RouteAdded(route) : new NetEvent.RouteRemoved(route));
            }
            default -> Optional.empty();
        };
    }

    /** Stops the reader at once and closes its socket. */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        socket.wakeup();
        thread.join(CLOSE_LIMIT.toMillis());
    }
}
