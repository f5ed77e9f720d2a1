package org.lowernet.runtime.watch;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.lowernet.runtime.respondd.RespondClient;
import org.lowernet.runtime.respondd.Respondd;

/**
 * {@code lowernet watch --respondd IFACE}: asks the mesh link on IFACE with respondd every {@link #EVERY} and
 * shows who answered ({@link MeshTable}), without a broker. On a terminal the table is redrawn in place;
 * anywhere else each round prints a snapshot starting with its "--- " line. Exit 0 when {@code --for} ended,
 * 1 when the interface cannot be used at the first round; later failures show as a note and are retried.
 */
final class MeshWatch {

    static final Duration EVERY = Duration.ofSeconds(5);
    /** How long a round listens: answers come within milliseconds on a link, 2 s leaves room for slow nodes. */
    static final Duration LISTEN = Duration.ofSeconds(2);

    private MeshWatch() {
    }

    static int run(String iface, Optional<Duration> duration, PrintStream out, PrintStream err, boolean terminal)
            throws InterruptedException {
        Clock clock = Clock.systemUTC();
        RespondClient client = new RespondClient(Respondd.PORT);
        Optional<Instant> end = duration.map(clock.instant()::plus);
        String title = "lowernet watch: respondd on " + iface + " (" + Respondd.LINK_GROUP.getHostAddress() + ")";
        if (!terminal) {
            out.println(title);
        }
        for (boolean first = true; ; first = false) {
            Instant start = clock.instant();
            String text;
            try {
                Duration listen = end.map(e -> Duration.between(start, e)).filter(left -> left.compareTo(LISTEN) < 0)
                        .map(left -> left.isNegative() ? Duration.ZERO : left).orElse(LISTEN);
                text = MeshTable.render(iface, clock.instant(), client.ask(iface, listen));
            } catch (IOException e) {
                if (first) {
                    err.println("lowernet watch: cannot ask on " + iface + ": " + e.getMessage());
                    return 1;
                }
                text = "--- " + clock.instant() + "\n(cannot ask on " + iface + ": " + e.getMessage() + "; again in "
                        + EVERY.toSeconds() + " s)\n";
            }
            out.print(terminal ? Watch.CLEAR_HOME + title + "\n" + text : text);
            out.flush();
            Instant next = start.plus(EVERY);
            if (end.isPresent() && !next.isBefore(end.get())) {
                return 0;
            }
            Thread.sleep(Math.max(0, Duration.between(clock.instant(), next).toMillis()));
        }
    }
}
