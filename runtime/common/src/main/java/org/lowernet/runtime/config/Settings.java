package org.lowernet.runtime.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keys a file gave, parsed by the registry's types, plus the error list the sections add
 * cross-field errors to. Sections read their keys from here to build their records.
 */
public final class Settings {

    private final String source;
    /** Each key's settings, ordered by placeholder: sections ask for every key, and a scan per key adds up. */
    private final Map<Key<?>, List<Setting<?>>> byKey;
    private final List<ConfigError> errors;
    private final Set<Key<?>> failed;

    private Settings(String source, Map<Key<?>, List<Setting<?>>> byKey, List<ConfigError> errors,
            Set<Key<?>> failed) {
        this.source = source;
        this.byKey = byKey;
        this.errors = errors;
        this.failed = failed;
    }

    /**
     * Reads a whole "key = value" file of {@code schema} ({@code source} names it in errors): the format,
     * then each key's type. Every error goes to {@code errors}; rules between keys are the caller's.
     */
    public static Settings read(byte[] bytes, String source, KeySchema schema, List<ConfigError> errors) {
        return of(source, ConfigLines.read(bytes, source, schema.emptyValues(), errors), schema, errors);
    }

    /** Types every line through the schema, adding unknown keys and bad values to {@code errors}. */
    private static Settings of(String source, List<ConfigLines.Line> lines, KeySchema schema, List<ConfigError> errors) {
        Map<Key<?>, List<Setting<?>>> byKey = new IdentityHashMap<>();
        Set<Key<?>> failed = new HashSet<>();
        for (ConfigLines.Line line : lines) {
            Optional<KeySchema.Match> found = schema.find(line.key());
            if (found.isEmpty()) {
                errors.add(new ConfigError(source, line.number(), line.key(), line.value(), "a key lowernet knows",
                        "an unknown key" + schema.suggestion(line.key()).map(s -> "; did you mean " + s + "?")
                                .orElse("; see " + schema.reference() + " for the keys")));
                continue;
            }
            KeySchema.Match match = found.get();
            try {
                if (match.key().placeholder().isPresent()) {
                    match.key().placeholder().get().parse(match.placeholder());
                }
                Object value = match.key().type().parse(line.value());
                byKey.computeIfAbsent(match.key(), k -> new ArrayList<>()).add(new Setting<>(line.number(),
                        line.key(), line.value(), match.placeholder(), value));
            } catch (InvalidValue e) {
                failed.add(match.key());
                errors.add(new ConfigError(source, line.number(), line.key(), line.value(), e.expected(), e.found()));
            }
        }
        byKey.replaceAll((key, settings) -> settings.stream()
                .sorted(Comparator.comparing(Setting::placeholder)).toList());
        return new Settings(source, byKey, errors, failed);
    }

    /** The setting of a single key, if the file gave it with a valid value. */
    public <T> Optional<Setting<T>> get(Key<T> key) {
        List<Setting<T>> all = all(key);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getFirst());
    }

    /** The value of a key the file must give, once a check has found it there (board.conf's required keys). */
    public <T> T required(Key<T> key) {
        return get(key).orElseThrow(() -> new IllegalStateException(key.pattern() + " was not given")).value();
    }

    /** The value the file gave, else the key's literal default. */
    public <T> T valueOrDefault(Key<T> key) {
        return get(key).map(Setting::value).or(key::defaultValue).orElseThrow(
                () -> new IllegalStateException(key.pattern() + " has no literal default"));
    }

    /** Every setting of a key family, ordered by placeholder. */
    // byKey holds Setting<T> for Key<T>: Settings.of parsed it with key.type()
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <T> List<Setting<T>> all(Key<T> key) {
        return (List) byKey.getOrDefault(key, List.of());
    }

    /** Records a cross-field error on {@code setting}'s line. */
    public void error(Setting<?> setting, String expected, String found) {
        errors.add(new ConfigError(source, setting.line(), setting.key(), setting.text(), expected, found));
    }

    /**
     * Whether a line of {@code key} had a bad value. Cross-field rules skip such keys: one mistake
     * gives one error, not a cascade of consequences.
     */
    public boolean failed(Key<?> key) {
        return failed.contains(key);
    }

}
