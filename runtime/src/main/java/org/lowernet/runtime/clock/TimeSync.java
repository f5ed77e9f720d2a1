package org.lowernet.runtime.clock;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lowernet.runtime.retry.Backoff;
import org.lowernet.runtime.subsystem.Subsystem;
import org.tinylog.Logger;

/**
 * The clock set by NTP: every {@link #POLL} (sooner, with a back-off, until a server answers) the servers are
 * asked in turn with {@link Sntp} until one gives a usable answer; a clock off by more than {@link #STEP} is
 * stepped, a smaller offset is left (no slewing: a router needs its clock right to the second, for
 * certificates and logs). The servers are {@code time.servers} when set, else those the WAN's DHCP lease
 * offers (option 42). {@link #synced()} is what statistics report as {@code clock.synced}.
 *
 * <p>Why not busybox {@code ntpd}: Debian's busybox is built without it (the image's busybox-static has no
 * ntpd applet), and a full NTP daemon (chrony) would bring ~5 MiB of libraries for what one UDP exchange
 * every 15 minutes does.
 */
public final class TimeSync implements Subsystem {

    /** Offsets beyond this are stepped (ntpd's step threshold, RFC 5905 section 10: 128 ms). */
    public static final Duration STEP = Duration.ofMillis(128);
    /** Between exchanges once synced: a Pi's crystal drifts well under STEP in this time. */
    static final Duration POLL = Duration.ofMinutes(15);
    /** A sample older than this no longer counts: two polls lost in a row, and the clock is not synced. */
    static final Duration STALE = POLL.plus(POLL).plusMinutes(1);
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final List<String> configured;
    private final int port;
    private final KernelClock clock;
    private final Runnable trusted;
    private final Backoff retry;
    private final Object lock = new Object();
    private List<InetAddress> offered = List.of();
    private boolean stopping;
    private boolean changed;
    private Thread thread;
    /** System.nanoTime() of the last usable sample whose offset the clock now agrees with; 0 for never. */
    private volatile long syncedAt;
    private volatile Optional<Sntp.Sample> last = Optional.empty();

    /**
     * @param configured time.servers (hostnames or addresses); empty means those the DHCP lease offers
     * @param trusted    told after each exchange that set or confirmed the clock
     */
    public TimeSync(List<String> configured, int port, KernelClock clock, Runnable trusted) {
        this.configured = List.copyOf(configured);
        this.port = port;
        this.clock = clock;
        this.trusted = trusted;
        this.retry = Backoff.exact(Duration.ofSeconds(4), Duration.ofMinutes(5));
    }

    @Override
    public String name() {
        return "ntp";
    }

    @Override
    public boolean essential() {
        return false;
    }

    /** The NTP servers of a new DHCP lease (option 42); used when time.servers is not set. */
    public void offered(List<InetAddress> servers) {
        synchronized (lock) {
            if (!servers.equals(offered)) {
                offered = List.copyOf(servers);
                changed = true;
                lock.notifyAll();
            }
        }
    }

    /** Whether a server vouched for the clock within {@link #STALE}. */
    public boolean synced() {
        long at = syncedAt;
        return at != 0 && System.nanoTime() - at < STALE.toNanos();
    }

    /** The last usable answer, for the log and reports. */
    public Optional<Sntp.Sample> last() {
        return last;
    }

    @Override
    public void start() {
        Logger.info("ntp: servers {}", configured.isEmpty() ? "from the WAN's DHCP lease (none yet)"
                : String.join(", ", configured) + " (time.servers)");
        thread = Thread.ofPlatform().name("ntp").daemon().start(this::run);
    }

    private void run() {
        while (true) {
            List<InetAddress> servers;
            synchronized (lock) {
                changed = false;
                servers = configured.isEmpty() ? offered : List.of();
            }
            Duration wait;
            if (configured.isEmpty() && servers.isEmpty()) {
                wait = POLL;
            } else {
                wait = round(servers.isEmpty() ? resolve() : servers) ? POLL : retry.next();
            }
            synchronized (lock) {
                long deadline = System.nanoTime() + wait.toNanos();
                while (!stopping && !changed && System.nanoTime() < deadline) {
                    try {
                        lock.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (stopping) {
                    return;
                }
            }
        }
    }

    /** time.servers' addresses now (a hostname may resolve only once the uplink is up). */
    private List<InetAddress> resolve() {
        List<InetAddress> addresses = new ArrayList<>();
        for (String host : configured) {
            try {
                addresses.add(InetAddress.getByName(host));
            } catch (UnknownHostException e) {
                Logger.warn("ntp: cannot resolve {} (time.servers): {}", host, e.getMessage());
            }
        }
        return addresses;
    }

    /** Asks the servers in turn until one answers; whether the clock is now right. */
    boolean round(List<InetAddress> servers) {
        List<String> failures = new ArrayList<>();
        for (InetAddress server : servers) {
            Sntp.Sample sample;
            try {
                sample = Sntp.query(server, port, clock, TIMEOUT);
            } catch (IOException e) {
                failures.add(e.getMessage());
                continue;
            }
            boolean wasSynced = synced();
            try {
                if (sample.offset().abs().compareTo(STEP) > 0) {
                    clock.set(clock.now().plus(sample.offset()));
                    Logger.info("ntp: clock stepped by {} s from {} (stratum {}, delay {} ms)", seconds(sample.offset()),
                            server.getHostAddress(), sample.stratum(), sample.delay().toMillis());
                } else if (!wasSynced) {
                    Logger.info("ntp: clock synced with {} (stratum {}), off by {} s, delay {} ms",
                            server.getHostAddress(), sample.stratum(), seconds(sample.offset()), sample.delay().toMillis());
                }
            } catch (IOException e) {
                failures.add("stepping the clock by " + seconds(sample.offset()) + " s for "
                        + server.getHostAddress() + ": " + e.getMessage());
                break;
            }
            last = Optional.of(sample);
            syncedAt = System.nanoTime();
            retry.reset();
            trusted.run();
            return true;
        }
        if (!servers.isEmpty() || !configured.isEmpty()) {
            Logger.warn("ntp: no usable answer{}{}", failures.isEmpty() ? "" : ": ", String.join("; ", failures));
        }
        return false;
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%+.3f", d.toNanos() / 1e9);
    }

    @Override
    public void stop() throws InterruptedException {
        synchronized (lock) {
            stopping = true;
            lock.notifyAll();
        }
        if (thread != null) {
            thread.join(2 * TIMEOUT.toMillis());
        }
    }
}
