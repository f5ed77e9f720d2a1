package org.lowernet.runtime.lifecycle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.lowernet.runtime.config.ConfigError;
import org.lowernet.runtime.config.ConfigParser;
import org.lowernet.runtime.config.ConfigResult;
import org.lowernet.runtime.config.LowernetConfig;

/**
 * The config the daemon runs with and where it came from. A missing or invalid {@code lowernet.conf}
 * never stops the router: it runs with the built-in defaults (a later issue keeps the last good config)
 * so that a person can still reach it, and the errors are kept to be said loudly.
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
        return result.config()
                .map(config -> new LoadedConfig(config, file.toString(), List.of()))
                .orElseGet(() -> new LoadedConfig(LowernetConfig.defaults(),
                        "built-in defaults, because " + file + " has " + result.errors().size() + " error(s)",
                        result.errors()));
    }

    public boolean fellBack() {
        return !errors.isEmpty();
    }
}
