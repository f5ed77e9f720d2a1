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

/**
 * The config the daemon runs with and where it came from. A missing or invalid {@code lowernet.conf}
 * never stops the router: it runs with the built-in defaults
 * so that a person can still reach it, and the errors are kept to be said loudly, on the console and, when
 * the file's mqtt lines are valid, to the neighbourhood.
 */
public record LoadedConfig(LowernetConfig config, String origin, List<ConfigError> errors) {

    public LoadedConfig {
        errors = List.copyOf(errors);
    }

    public static LoadedConfig load(Path file) {
        if (!Files.exists(file)) {
            return new LoadedConfig(LowernetConfig.defaults(), "built-in defaults (no " + file + ")", List.of());
        }
        ConfigResult result = ConfigParser.read(file);
        if (result.valid()) {
            return new LoadedConfig(result.config().orElseThrow(), file.toString(), List.of());
        }
        String because = ", because " + file + " has " + result.errors().size() + " error(s)";
        return reporting(file).map(config -> new LoadedConfig(config, "built-in defaults except who the router is"
                        + " and where it reports (those lines are valid)" + because, result.errors()))
                .orElseGet(() -> new LoadedConfig(LowernetConfig.defaults(), "built-in defaults" + because,
                        result.errors()));
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
                            defaults.leds(), defaults.ssh(), c.mqtt(), defaults.time()));
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty(); // not UTF-8 or unreadable: its errors already say so
        }
    }

    public boolean fellBack() {
        return !errors.isEmpty();
    }
}
