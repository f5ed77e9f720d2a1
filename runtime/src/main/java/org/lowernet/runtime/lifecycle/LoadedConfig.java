package org.lowernet.runtime.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.lowernet.runtime.config.ConfigError;
import org.lowernet.runtime.config.ConfigParser;
import org.lowernet.runtime.config.ConfigResult;
import org.lowernet.runtime.config.LowernetConfig;
import org.tinylog.Logger;

/**
 * The config the daemon runs with and where it came from. A missing or invalid {@code lowernet.conf}
 * never stops the router. An invalid one runs the last good config (one that ran healthy before, saved on
 * /data by {@link LastGoodConfig}); without one, the built-in defaults, so that a person can still reach the
 * router, and the errors are kept to be said loudly, on the console and, when the file's mqtt lines are valid,
 * to the neighbourhood. A missing file means the defaults: that is how a person resets a node.
 *
 * @param text the file's text when it is valid and so may become the last good config
 */
public record LoadedConfig(LowernetConfig config, String origin, List<ConfigError> errors, Optional<String> text) {

    public LoadedConfig {
        errors = List.copyOf(errors);
    }

    public static LoadedConfig load(Path file, Path lastGood) {
        if (!Files.exists(file)) {
            return new LoadedConfig(LowernetConfig.defaults(), "built-in defaults (no " + file + ")", List.of(),
                    Optional.empty());
        }
        ConfigResult result = ConfigParser.read(file);
        if (result.valid()) {
            return new LoadedConfig(result.config().orElseThrow(), file.toString(), List.of(), read(file));
        }
        String because = ", because " + file + " has " + result.errors().size() + " error(s)";
        Optional<LoadedConfig> saved = lastGood(lastGood, because, result.errors());
        if (saved.isPresent()) {
            return saved.get();
        }
        return reporting(file).map(config -> new LoadedConfig(config, "built-in defaults except who the router is"
                        + " and where it reports (those lines are valid)" + because, result.errors(), Optional.empty()))
                .orElseGet(() -> new LoadedConfig(LowernetConfig.defaults(), "built-in defaults" + because,
                        result.errors(), Optional.empty()));
    }

    /** The saved last good config, when there is one and it is still valid (a newer runtime may know other keys). */
    private static Optional<LoadedConfig> lastGood(Path saved, String because, List<ConfigError> errors) {
        if (!Files.exists(saved)) {
            return Optional.empty();
        }
        ConfigResult result = ConfigParser.read(saved);
        if (!result.valid()) {
            Logger.warn("the last good config {} is not valid for this runtime ({} error(s)); not using it", saved,
                    result.errors().size());
            return Optional.empty();
        }
        String when;
        try {
            when = " saved " + Files.getLastModifiedTime(saved).toInstant();
        } catch (IOException e) {
            when = " (when it was saved is unreadable: " + e.getMessage() + ")";
        }
        return Optional.of(new LoadedConfig(result.config().orElseThrow(), "the last good config" + when + " ("
                + saved + ")" + because, errors, Optional.empty()));
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | UncheckedIOException e) {
            Logger.warn("cannot read {} again to keep it as the last good config: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Safe mode after a crash loop: the built-in defaults (LAN, interfaces from the board, SSH with the card's
     * keys), but the file's identity and mqtt lines when those alone are valid, so the crash is reported. The rest
     * of the file is not read: whatever made the runtime crash may be in it.
     */
    static LoadedConfig safeMode(Path file, String why) {
        String origin = "SAFE MODE after " + why + ": built-in defaults";
        // No text: safe mode's config never becomes the last good one.
        return (Files.exists(file) ? reporting(file) : Optional.<LowernetConfig>empty())
                .map(config -> new LoadedConfig(config, origin + " except who the router is and where it reports",
                        List.of(), Optional.empty()))
                .orElseGet(() -> new LoadedConfig(LowernetConfig.defaults(), origin, List.of(), Optional.empty()));
    }

    /** The lines that say who the router is and where it reports health; nothing of them routes. */
    private static final Pattern REPORTING = Pattern.compile("\\s*(node\\.name|site|location|mqtt\\.[a-z_]+)\\s*=.*");

    /**
     * The defaults, but with the file's identity and mqtt lines when those alone are valid: a router with a
     * broken config still tells the neighbourhood it is up and what is wrong with it, instead of going silent.
     */
    private static Optional<LowernetConfig> reporting(Path file) {
        try {
            String kept = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(line -> REPORTING.matcher(line).matches()).collect(Collectors.joining("\n"));
            LowernetConfig defaults = LowernetConfig.defaults();
            return ConfigParser.parse(kept.getBytes(StandardCharsets.UTF_8), file.toString()).config()
                    .filter(c -> c.mqtt().enabled())
                    .map(c -> new LowernetConfig(c.node(), defaults.interfaces(), defaults.lan(), defaults.wan(),
                            defaults.leds(), defaults.ssh(), c.mqtt(), defaults.reliability(), defaults.time(),
                            defaults.mesh(), defaults.tunnels(), defaults.update()));
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty(); // not UTF-8 or unreadable: its errors already say so
        }
    }

    public boolean fellBack() {
        return !errors.isEmpty();
    }
}
