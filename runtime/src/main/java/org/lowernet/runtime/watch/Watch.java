package org.lowernet.runtime.watch;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.lowernet.runtime.cli.UsageException;
import org.lowernet.runtime.config.ServiceUrl;
import org.lowernet.runtime.mqtt.BrokerLogin;
import org.lowernet.runtime.mqtt.TrustedCa;

/**
 * {@code lowernet watch}: connects, subscribes, and shows the {@link NodeTable} until {@code --for} ends or
 * the user presses Ctrl-C. On a terminal the table is redrawn in place every second. Anywhere else (a pipe,
 * a file, a test) each change prints a new snapshot, starting with its "--- " header line, so the last
 * snapshot is the current state; a final one is printed when {@code --for} ends.
 *
 * <p>Exit codes: 0 when {@code --for} ended, 1 when the broker cannot be reached or refuses the login at
 * the start; a wrong command line is a {@link UsageException} (exit 2 from the front door). A connection
 * lost later is retried with backoff while the table stays on screen with a note saying so.
 */
public final class Watch {

    /** How often the loop looks for changes and reconnects; short, so a snapshot follows a change closely. */
    static final Duration TICK = Duration.ofMillis(200);
    static final Duration REDRAW = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);
    /** ANSI: cursor home, erase the whole screen (ECMA-48 CUP and ED 2). */
    static final String CLEAR_HOME = "\033[H\033[2J";

    private final WatchOptions options;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private final Clock clock = Clock.systemUTC();

    private Watch(WatchOptions options, PrintStream out, PrintStream err, boolean terminal) {
        this.options = options;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /**
     * Runs {@code lowernet watch} with {@code args} (the words after "watch"); returns the exit code.
     *
     * @param terminal whether {@code out} is a terminal that understands ANSI escapes
     */
    public static int run(List<String> args, PrintStream out, PrintStream err, boolean terminal)
            throws UsageException, InterruptedException {
        WatchOptions options = WatchOptions.parse(args);
        if (options.respondd().isPresent()) {
            return MeshWatch.run(options.respondd().get(), options.duration(), out, err, terminal);
        }
        return new Watch(options, out, err, terminal).watch(login(options));
    }

    /** Reads the password file and the CA now, so that a mistake in either is a usage error, not a retry loop. */
    private static BrokerLogin login(WatchOptions options) throws UsageException {
        Optional<char[]> password = Optional.empty();
        if (options.passwordFile().isPresent()) {
            Path file = options.passwordFile().get();
            try {
                String first = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("");
                if (first.isEmpty()) {
                    throw new UsageException("--password-file " + file
                            + ": expected the password in the first line, found an empty line or file");
                }
                password = Optional.of(first.toCharArray());
            } catch (IOException e) {
                throw new UsageException("--password-file " + file + ": cannot read it ("
                        + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            }
        }
        try {
            return new BrokerLogin(options.username(), password,
                    options.ca().isPresent() ? Optional.of(TrustedCa.socketFactory(options.ca().get())) : Optional.empty());
        } catch (IOException e) {
            throw new UsageException("--ca " + options.ca().orElseThrow() + ": " + e.getMessage());
        }
    }

    private int watch(BrokerLogin login) throws InterruptedException {
        ServiceUrl broker = options.broker().orElseThrow();
        WatchTopics topics = new WatchTopics(options.prefix());
        NodeTable table = new NodeTable(topics);
        String id = "lowernet-watch-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        BrokerLink link;
        try {
            link = BrokerLink.connect(broker, id, login, topics.filters(), table, clock);
        } catch (MqttException e) {
            err.println("lowernet watch: cannot watch " + broker + ": " + BrokerLink.reason(e, login));
            return 1;
        }
        String title = "lowernet watch: " + String.join(" ", topics.filters()) + " at " + broker;
        if (!terminal) {
            out.println(title);
        }
        try {
            loop(link, table, title);
        } finally {
            try {
                link.close();
            } catch (MqttException e) {
                // Only worth a line: the broker ends the session when the process ends anyway.
                err.println("lowernet watch: closing the connection to " + broker + ": "
                        + BrokerLink.reason(e, login));
            }
        }
        return 0;
    }

    private void loop(BrokerLink link, NodeTable table, String title) throws InterruptedException {
        Optional<Instant> end = options.duration().map(clock.instant()::plus);
        String shown = null;
        Instant drawn = Instant.MIN;
        Instant retryAt = Instant.MIN;
        Duration retry = Duration.ofSeconds(1);
        while (true) {
            Instant now = clock.instant();
            boolean last = end.isPresent() && !now.isBefore(end.get());
            if (!link.connected() && !last && !now.isBefore(retryAt)) {
                if (link.reconnect()) {
                    retry = Duration.ofSeconds(1);
                } else {
                    retryAt = now.plus(retry);
                    retry = retry.plus(retry).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.plus(retry);
                }
            }
            String note = link.connected() ? "" : "(" + link.problem() + "; reconnecting)\n";
            if (terminal) {
                if (last || Duration.between(drawn, now).compareTo(REDRAW) >= 0) {
                    out.print(CLEAR_HOME + title + "\n" + note + table.render(now));
                    out.flush();
                    drawn = now;
                }
            } else {
                // What changes a snapshot besides the ages that tick anyway: messages, statuses, the connection.
                String state = table.received() + " " + table.rows(now).stream().map(NodeRow::status).toList() + note;
                if (last || !state.equals(shown)) {
                    String text = table.render(now);
                    out.print(text.substring(0, text.indexOf('\n') + 1) + note + text.substring(text.indexOf('\n') + 1));
                    out.flush();
                    shown = state;
                }
            }
            if (last) {
                return;
            }
            Thread.sleep(TICK);
        }
    }
}
