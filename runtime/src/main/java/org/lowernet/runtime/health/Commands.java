package org.lowernet.runtime.health;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * What a node does with a message on its {@code cmd/} topics. The only command is identify (the LEDs blink
 * together so a person finds the box); it can neither run code nor change the config. Everything else is
 * ignored and logged, at most one line a second, so a flood of garbage cannot flood the console too.
 */
final class Commands {

    /** Identify without a payload lasts this long. */
    static final Duration IDENTIFY_DEFAULT = Duration.ofMinutes(1);
    /** Longer asks are cut to this: an LED show nobody stops is a nuisance. */
    static final Duration IDENTIFY_MAX = Duration.ofMinutes(10);
    /** No command payload is longer; bigger ones are not even decoded. */
    static final int MAX_PAYLOAD = 16;

    private final Consumer<Duration> identify;
    private final Clock clock;
    private Instant lastLogged = Instant.MIN;
    private long unlogged;

    Commands(Consumer<Duration> identify, Clock clock) {
        this.identify = identify;
        this.clock = clock;
    }

    /** Handles one message; {@code command} is the topic after cmd/. Returns whether it was obeyed. */
    synchronized boolean handle(String command, byte[] payload, boolean retained) {
        if (retained) {
            return ignore("a retained cmd/" + printable(command) + " (commands must be sent afresh, not kept)");
        }
        if (!command.equals("identify")) {
            return ignore("unknown command cmd/" + printable(command));
        }
        if (payload.length > MAX_PAYLOAD) {
            return ignore("cmd/identify with a " + payload.length + "-byte payload (at most " + MAX_PAYLOAD + ")");
        }
        String text = new String(payload, StandardCharsets.US_ASCII).strip();
        Duration duration = IDENTIFY_DEFAULT;
        if (!text.isEmpty()) {
            if (!text.matches("[0-9]{1,6}") || Integer.parseInt(text) == 0) {
                return ignore("cmd/identify whose payload is not a number of seconds");
            }
            duration = Duration.ofSeconds(Math.min(Integer.parseInt(text), IDENTIFY_MAX.toSeconds()));
        }
        Logger.info("mqtt: identify for {} s, asked over MQTT", duration.toSeconds());
        identify.accept(duration);
        return true;
    }

    private boolean ignore(String what) {
        Instant now = clock.instant();
        if (Duration.between(lastLogged, now).compareTo(Duration.ofSeconds(1)) >= 0) {
            Logger.warn("mqtt: ignored {}{}", what, unlogged == 0 ? "" : " (and " + unlogged + " more since the last line)");
            lastLogged = now;
            unlogged = 0;
        } else {
            unlogged++;
        }
        return false;
    }

    /** A topic level for a log line: cut short, and only printable ASCII. */
    private static String printable(String text) {
        String cut = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return cut.replaceAll("[^ -~]", "?");
    }
}
