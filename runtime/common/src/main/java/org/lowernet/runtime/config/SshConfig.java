package org.lowernet.runtime.config;

import java.util.List;

/**
 * Remote login for the people who run the router: SSH with keys only, on the LAN only, and only when a key
 * file with at least one key exists.
 *
 * @param authorizedKeys the absolute path of the authorized_keys file (on the device; tests put it below their root)
 */
public record SshConfig(String authorizedKeys) {

    public static final Key<String> AUTHORIZED_KEYS = Key.of("ssh.authorized_keys",
            ValueTypes.absolutePath(), "/boot/authorized_keys",
            "The SSH public keys allowed to log in (keys only, LAN only); without the file, no SSH server runs.",
            "/boot/keys/admins.pub");
    static final List<Key<?>> KEYS = List.of(AUTHORIZED_KEYS);

    public static SshConfig defaults() {
        return new SshConfig(AUTHORIZED_KEYS.defaultValue().orElseThrow());
    }

    static SshConfig from(Settings settings) {
        return new SshConfig(settings.valueOrDefault(AUTHORIZED_KEYS));
    }
}
