package org.lowernet.runtime.net.netlink;

import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code NETLINK_ROUTE} or {@code NETLINK_GENERIC} socket: requests answered by an ACK, multipart dumps, and
 * (when bound to multicast groups) notifications. Every read is bounded by a timeout. Requests are serialised; a
 * socket bound to groups should be used only for {@link #receive}, since notifications would
 * interleave with replies.
 */
public final class NetlinkSocket implements AutoCloseable {

    /** Twice the 32 KiB the kernel fills per dump datagram at most; MSG_TRUNC reports anything larger. */
    public static final int RECEIVE_BUFFER = 64 * 1024;
    /** How long one request or dump may take before it fails with ETIMEDOUT. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** A dump interrupted by concurrent changes (NLM_F_DUMP_INTR) is retried this many times. */
    public static final int MAX_DUMP_ATTEMPTS = 4;
    /** Kernel queue for notifications: a burst of 1,000 link changes fits without ENOBUFS. */
    private static final int EVENT_QUEUE_BYTES = 4 * 1024 * 1024;
    /** No descriptor: a socket for requests has no eventfd. */
    private static final int NONE = -1;
    /** Where {@code short revents} sits in a {@code struct pollfd}. */
    private static final int REVENTS_OFFSET = 6;

    private final int fd;
    /** A subscribed socket's eventfd, which {@link #wakeup} makes readable; {@link #NONE} otherwise. */
    private final int wake;
    private final byte[] datagram = new byte[RECEIVE_BUFFER];
    private int sequence;
    private boolean closed;

    private NetlinkSocket(int fd, int wake) {
        this.fd = fd;
        this.wake = wake;
    }

    /** Opens a socket in the caller's namespace, subscribed to {@code groups} ({@code RTMGRP_*}, 0 for none). */
    public static NetlinkSocket open(int groups) {
        return open(LinuxNetlink.NETLINK_ROUTE, "NETLINK_ROUTE", groups);
    }

    /** Opens a {@code NETLINK_GENERIC} socket (requests only) in the caller's namespace. */
    public static NetlinkSocket openGeneric() {
        return open(LinuxNetlink.NETLINK_GENERIC, "NETLINK_GENERIC", 0);
    }

    /** Opens a {@code NETLINK_GENERIC} socket that lives in {@code namespace}. */
    public static NetlinkSocket openGeneric(NetworkNamespace namespace) throws Exception {
        return namespace.call(NetlinkSocket::openGeneric);
    }

    private static NetlinkSocket open(int protocol, String protocolName, int groups) {
        int fd = check(LibC.INSTANCE.socket(LinuxNetlink.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC,
                protocol), "socket(AF_NETLINK, SOCK_RAW, " + protocolName + ")");
        int wake = groups == 0 ? NONE : LibC.INSTANCE.eventfd(0, LibC.EFD_CLOEXEC_NONBLOCK);
        if (wake < 0 && groups != 0) {
            int errno = Native.getLastError();
            LibC.INSTANCE.close(fd);
            throw new NetlinkException("eventfd (to wake the socket's reader)", Errno.of(errno));
        }
        NetlinkSocket socket = new NetlinkSocket(fd, wake);
        try {
            socket.option(LinuxNetlink.SOL_NETLINK, LinuxNetlink.NETLINK_EXT_ACK, 1, "NETLINK_EXT_ACK");
            socket.option(LinuxNetlink.SOL_NETLINK, LinuxNetlink.NETLINK_CAP_ACK, 1, "NETLINK_CAP_ACK");
            if (groups != 0 && LibC.INSTANCE.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUFFORCE,
                    new int[] {EVENT_QUEUE_BYTES}, 4) < 0) {
                // Without CAP_NET_ADMIN the kernel caps the queue at net.core.rmem_max.
                socket.option(LibC.SOL_SOCKET, LibC.SO_RCVBUF, EVENT_QUEUE_BYTES, "SO_RCVBUF");
            }
            byte[] address = ByteBuffer.allocate(LinuxNetlink.SOCKADDR_NL_SIZE).order(ByteOrder.nativeOrder())
                    .putShort((short) LinuxNetlink.AF_NETLINK).putShort((short) 0).putInt(0).putInt(groups).array();
            check(LibC.INSTANCE.bind(fd, address, address.length), "bind(netlink, groups 0x" + Integer.toHexString(groups) + ")");
            return socket;
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Opens a socket that lives in {@code namespace} (see {@link NetworkNamespace}). */
    public static NetlinkSocket open(int groups, NetworkNamespace namespace) throws Exception {
        return namespace.call(() -> open(groups));
    }

    /** Sends {@code request} with NLM_F_ACK and waits for the kernel's ACK; a NACK becomes a {@link NetlinkException}. */
    public synchronized void request(String operation, MessageWriter request) {
        int seq = send(operation, request, LinuxNetlink.NLM_F_ACK);
        long deadline = System.nanoTime() + DEFAULT_TIMEOUT.toNanos();
        while (true) {
            for (NetlinkMessage m : awaitReply(operation, deadline)) {
                if (m.header().seq() == seq && m.type() == LinuxNetlink.NLMSG_ERROR) {
                    NetlinkError error = NetlinkError.read(m);
                    if (!error.isAck()) {
                        throw error.toException(operation);
                    }
                    return;
                }
            }
        }
    }

    /** Sends a GET request that is answered by exactly one message (e.g. RTM_GETLINK by name). */
    public synchronized NetlinkMessage get(String operation, MessageWriter request) {
        int seq = send(operation, request, 0);
        long deadline = System.nanoTime() + DEFAULT_TIMEOUT.toNanos();
        while (true) {
            for (NetlinkMessage m : awaitReply(operation, deadline)) {
                if (m.header().seq() != seq) {
                    continue;
                }
                if (m.type() == LinuxNetlink.NLMSG_ERROR) {
                    throw NetlinkError.read(m).toException(operation);
                }
                return m;
            }
        }
    }

    /** Sends a dump request (NLM_F_DUMP) and returns every message up to NLMSG_DONE, retrying interrupted dumps. */
    public synchronized List<NetlinkMessage> dump(String operation, MessageWriter request) {
        for (int attempt = 1; ; attempt++) {
            int seq = send(operation, request, LinuxNetlink.NLM_F_DUMP);
            long deadline = System.nanoTime() + DEFAULT_TIMEOUT.toNanos();
            List<NetlinkMessage> parts = new ArrayList<>();
            boolean interrupted = false;
            boolean done = false;
            while (!done) {
                for (NetlinkMessage m : awaitReply(operation, deadline)) {
                    if (m.header().seq() != seq || done) {
                        continue;
                    }
                    interrupted |= m.header().has(LinuxNetlink.NLM_F_DUMP_INTR);
                    switch (m.type()) {
                        case LinuxNetlink.NLMSG_ERROR -> throw NetlinkError.read(m).toException(operation);
                        case LinuxNetlink.NLMSG_DONE -> {
                            done = true;
                            int error = m.payload().length >= 4 ? m.body().getInt() : 0;
                            if (error < 0) {
                                throw new NetlinkException(operation, Errno.of(error));
                            }
                        }
                        case LinuxNetlink.NLMSG_NOOP -> { }
                        default -> parts.add(m);
                    }
                }
            }
            if (!interrupted) {
                return parts;
            }
            if (attempt == MAX_DUMP_ATTEMPTS) {
                throw new NetlinkException(operation + ": dump interrupted by concurrent changes "
                        + MAX_DUMP_ATTEMPTS + " times", Errno.of(Errno.EBUSY));
            }
        }
    }

    /**
     * Waits up to {@code timeout} for one datagram (notifications on a subscribed socket); empty on timeout or
     * once {@link #wakeup} was called. Lost notifications (the queue overflowed) are a {@link NetlinkException}
     * with ENOBUFS.
     */
    public List<NetlinkMessage> receive(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        return receiveUntil("recv(netlink notifications)", deadline);
    }

    /** The next datagram of replies; past the deadline a {@link NetlinkException} with ETIMEDOUT. */
    private List<NetlinkMessage> awaitReply(String operation, long deadline) {
        if (System.nanoTime() >= deadline) {
            throw new NetlinkException(operation + ": no reply within " + DEFAULT_TIMEOUT.toMillis() + " ms",
                    Errno.of(Errno.ETIMEDOUT));
        }
        return receiveUntil(operation, deadline);
    }

    private int send(String operation, MessageWriter request, int extraFlags) {
        ensureOpen(operation);
        byte[] bytes = request.toBytes();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        int seq = ++sequence;
        b.putShort(6, (short) (b.getShort(6) | LinuxNetlink.NLM_F_REQUEST | extraFlags));
        b.putInt(MessageWriter.SEQ_OFFSET, seq);
        long sent = LibC.INSTANCE.send(fd, bytes, bytes.length, 0);
        if (sent < 0) {
            throw new NetlinkException(operation + ": send(netlink)", Errno.of(Native.getLastError()));
        }
        return seq;
    }

    private List<NetlinkMessage> receiveUntil(String operation, long deadline) {
        ensureOpen(operation);
        int watched = wake == NONE ? 1 : 2;
        ByteBuffer poll = ByteBuffer.allocate(watched * LibC.POLLFD_SIZE).order(ByteOrder.nativeOrder());
        poll.putInt(fd).putShort(LibC.POLLIN).putShort((short) 0);
        if (wake != NONE) {
            poll.putInt(wake).putShort(LibC.POLLIN).putShort((short) 0);
        }
        while (true) {
            long millis = Math.max(0, (deadline - System.nanoTime() + 999_999) / 1_000_000);
            int ready = LibC.INSTANCE.poll(poll.array(), watched, (int) Math.min(millis, Integer.MAX_VALUE));
            if (ready < 0) {
                int errno = Native.getLastError();
                if (errno == Errno.EINTR) {
                    continue;
                }
                throw new NetlinkException(operation + ": poll(netlink)", Errno.of(errno));
            }
            // The eventfd's revents: woken, it stays readable, so every later receive returns at once too.
            if (ready == 0 || (wake != NONE && poll.getShort(LibC.POLLFD_SIZE + REVENTS_OFFSET) != 0)) {
                return List.of();
            }
            long length = LibC.INSTANCE.recv(fd, datagram, datagram.length, LibC.MSG_DONTWAIT | LibC.MSG_TRUNC);
            if (length < 0) {
                int errno = Native.getLastError();
                if (errno == Errno.EINTR || errno == Errno.EAGAIN) {
                    continue;
                }
                throw new NetlinkException(operation + ": recv(netlink)", Errno.of(errno));
            }
            if (length > datagram.length) {
                throw new NetlinkDecodeException(operation + ": datagram of " + length
                        + " bytes exceeds the receive buffer of " + datagram.length);
            }
            return MessageReader.read(datagram, (int) length);
        }
    }

    private void option(int level, int name, int value, String what) {
        check(LibC.INSTANCE.setsockopt(fd, level, name, new int[] {value}, 4), "setsockopt(" + what + ")");
    }

    private void ensureOpen(String operation) {
        if (closed) {
            throw new IllegalStateException(operation + ": the netlink socket is closed");
        }
    }

    private static int check(int result, String call) {
        if (result < 0) {
            throw new NetlinkException(call, Errno.of(Native.getLastError()));
        }
        return result;
    }

    /**
     * Makes a {@link #receive} waiting on another thread return at once with nothing, and every later one: how its
     * reader is told to stop without a clock waking it. Only for a socket subscribed to groups; nothing once closed.
     */
    public synchronized void wakeup() {
        if (wake == NONE) {
            throw new IllegalStateException("wakeup() is for a socket subscribed to groups, which has a reader");
        }
        if (!closed) {
            byte[] one = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.nativeOrder()).putLong(1).array();
            if (LibC.INSTANCE.write(wake, one, one.length) != one.length) {
                throw new NetlinkException("write(eventfd) to wake the socket's reader", Errno.of(Native.getLastError()));
            }
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            LibC.INSTANCE.close(fd);
            if (wake != NONE) {
                LibC.INSTANCE.close(wake);
            }
        }
    }
}
