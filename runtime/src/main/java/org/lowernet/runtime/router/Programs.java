package org.lowernet.runtime.router;

import java.nio.file.Path;

/**
 * Where the daemons' programs are. The device's paths are Debian's; a system property
 * {@code lowernet.program.NAME} (dnsmasq, busybox, nft, dropbear, dropbearkey, babeld) overrides one, for hosts
 * that keep them elsewhere.
 */
public record Programs(Path dnsmasq, Path busybox, Path nft, Path dropbear, Path dropbearkey, Path babeld) {

    public static Programs fromSystemProperties() {
        return new Programs(path("dnsmasq", "/usr/sbin/dnsmasq"), path("busybox", "/usr/bin/busybox"),
                path("nft", "/usr/sbin/nft"), path("dropbear", "/usr/sbin/dropbear"),
                path("dropbearkey", "/usr/bin/dropbearkey"), path("babeld", "/usr/sbin/babeld"));
    }

    private static Path path(String name, String device) {
        return Path.of(System.getProperty("lowernet.program." + name, device));
    }
}
