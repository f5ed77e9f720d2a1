package org.lowernet.runtime.config;

import java.util.List;
import java.util.stream.Stream;

/**
 * The key registry: every key lowernet.conf may hold. Parsing, "did you mean", CONFIG.md's sync test
 * and check-config all read this list, so a key added to a section's KEYS is known everywhere.
 */
public final class ConfigKeys {

    /** Every key, in the order CONFIG.md documents them. */
    public static final List<Key<?>> ALL = Stream.of(NodeConfig.KEYS, InterfaceRoles.KEYS, LanConfig.KEYS,
            WanConfig.KEYS, LedsConfig.KEYS, SshConfig.KEYS, MqttConfig.KEYS, ReliabilityConfig.KEYS,
            TimeConfig.KEYS, MeshConfig.KEYS, TunnelConfig.KEYS, UpdateConfig.KEYS).flatMap(List::stream).toList();

    /** lowernet.conf: these keys; an empty value is an error, since a person meant the default. */
    public static final KeySchema SCHEMA = new KeySchema("CONFIG.md", false, ALL);

    private ConfigKeys() {
    }
}
