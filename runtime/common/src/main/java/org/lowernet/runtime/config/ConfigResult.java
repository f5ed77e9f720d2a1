package org.lowernet.runtime.config;

import java.util.List;
import java.util.Optional;

/**
 * What reading a config gave: the config when the file is valid, else every error. A file with any error
 * gives no config at all; half a config on a router is worse than a known fallback.
 *
 * @param config present exactly when {@code errors} is empty
 * @param errors every error, in line order
 */
public record ConfigResult(Optional<LowernetConfig> config, List<ConfigError> errors) {

    public ConfigResult {
        errors = List.copyOf(errors);
        if (config.isPresent() != errors.isEmpty()) {
            throw new IllegalArgumentException("a result has a config or errors, not both or neither");
        }
    }

    public boolean valid() {
        return errors.isEmpty();
    }
}
