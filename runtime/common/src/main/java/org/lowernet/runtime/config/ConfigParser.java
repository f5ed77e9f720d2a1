package org.lowernet.runtime.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Reads lowernet.conf: the format, then each key's type, then the rules between keys. */
public final class ConfigParser {

    /** Beyond this many errors the file is probably not a lowernet.conf; more lines would only bury the first. */
    static final int MAX_ERRORS = 50;

    private ConfigParser() {
    }

    /** Reads {@code file}, never more than the size limit; an unreadable file is one whole-file error. */
    public static ConfigResult read(Path file) {
        String source = file.toString();
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(ConfigLines.MAX_BYTES + 1);
            if (bytes.length > ConfigLines.MAX_BYTES) {
                return invalid(List.of(ConfigLines.tooLarge(source, Files.size(file))));
            }
        } catch (NoSuchFileException e) {
            return invalid(List.of(new ConfigError(source, 0, "", "", "a readable file", "no such file")));
        } catch (IOException e) {
            return invalid(List.of(new ConfigError(source, 0, "", "", "a readable file", e.toString())));
        }
        return parse(bytes, source);
    }

    /** Parses a whole file; {@code source} names it in errors ("lowernet.conf", "/boot/lowernet.conf"). */
    public static ConfigResult parse(byte[] bytes, String source) {
        List<ConfigError> errors = new ArrayList<>();
        Settings settings = Settings.read(bytes, source, ConfigKeys.SCHEMA, errors);
        InterfaceRoles.check(settings);
        LanConfig.check(settings);
        WanConfig.check(settings, !settings.failed(LanConfig.ADDRESS), settings.valueOrDefault(LanConfig.ADDRESS));
        LedsConfig.check(settings);
        MqttConfig.check(settings);
        MeshConfig.check(settings);
        TunnelConfig.check(settings);
        UpdateConfig.check(settings);
        if (!errors.isEmpty()) {
            return invalid(errors);
        }
        return new ConfigResult(Optional.of(new LowernetConfig(NodeConfig.from(settings),
                InterfaceRoles.from(settings), LanConfig.from(settings), WanConfig.from(settings),
                LedsConfig.from(settings), SshConfig.from(settings), MqttConfig.from(settings),
                ReliabilityConfig.from(settings), TimeConfig.from(settings), MeshConfig.from(settings),
                TunnelConfig.from(settings), UpdateConfig.from(settings))),
                List.of());
    }

    private static ConfigResult invalid(List<ConfigError> errors) {
        List<ConfigError> sorted = errors.stream().sorted(Comparator.comparingInt(ConfigError::line)).toList();
        if (sorted.size() <= MAX_ERRORS) {
            return new ConfigResult(Optional.empty(), sorted);
        }
        List<ConfigError> shown = new ArrayList<>(sorted.subList(0, MAX_ERRORS));
        ConfigError last = sorted.get(MAX_ERRORS);
        shown.add(new ConfigError(last.source(), 0, "", "", "a lowernet.conf; is this the right file?",
                sorted.size() - MAX_ERRORS + " more errors from line " + last.line() + " on, not shown"));
        return new ConfigResult(Optional.empty(), shown);
    }
}
