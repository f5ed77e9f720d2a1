package org.lowernet.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.health.Mosquitto;

/** The judge judged: what mosquitto_pub sends to a real broker, MosquittoSub reports, retain flag included. */
class MosquittoSubIT {

    @Test
    void reportsLiveAndRetainedMessagesInOrder(@TempDir Path dir) throws Exception {
        HostTools.require("mosquitto_pub");
        try (Mosquitto broker = Mosquitto.start(dir, Mosquitto.Options.plain())) {
            String port = String.valueOf(broker.port());
            // Nothing is retained yet: subscribing must not wait for a first message to show its SUBACK.
            try (MosquittoSub sub = MosquittoSub.start(broker.url(), Optional.empty(), "site/#")) {
                publish(port, "-r", "-t", "site/node/status", "-m", "online");
                publish(port, "-t", "site/node/statistics", "-m", "{\"seq\":1,\"text\":\"a b\"}");

                assertEquals(List.of(new MosquittoSub.Received("site/node/status", "online", false),
                                new MosquittoSub.Received("site/node/statistics", "{\"seq\":1,\"text\":\"a b\"}", false)),
                        sub.awaitCount(m -> true, 2, Duration.ofSeconds(10)));
            }
            // A client arriving later gets what the broker retained, marked so.
            try (MosquittoSub late = MosquittoSub.start(broker.url(), Optional.empty(), "site/node/status")) {
                assertEquals(new MosquittoSub.Received("site/node/status", "online", true),
                        late.await(m -> true, Duration.ofSeconds(10)));
            }
        }
    }

    private static void publish(String port, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("mosquitto_pub", "-q", "1", "-h", "127.0.0.1", "-p", port));
        command.addAll(List.of(args));
        HostTools.Result result = HostTools.run(command);
        assertEquals(0, result.exitCode(), result.toString());
    }
}
