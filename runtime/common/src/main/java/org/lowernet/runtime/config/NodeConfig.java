package org.lowernet.runtime.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who this router is: its name and the neighbourhood it belongs to.
 *
 * @param name the hostname from node.name; empty means {@link #defaultNodeName(Optional)}
 * @param site the neighbourhood id from site; empty when not set
 * @param location where the router stands, for the neighbourhood's map; empty when not set
 */
public record NodeConfig(Optional<String> name, Optional<String> site, Optional<Location> location) {

    /** Linux's __NEW_UTS_LEN (include/uapi/linux/utsname.h): the longest hostname the kernel keeps. */
    private static final int MAX_HOSTNAME = 64;
    private static final String BASE_NAME = "lowernet";

    public static final Key<String> NAME = Key.optional("node.name", ValueTypes.hostname(MAX_HOSTNAME),
            "lowernet-NNNNNN, NNNNNN the last 6 hex digits of the Pi's serial number",
            "The router's hostname, shown on the LAN and to the neighbourhood.", "infoshop-1");
    public static final Key<String> SITE = Key.optional("site",
            ValueTypes.word("site id", "[a-z0-9-]{1,32}",
                    "a site id of 1 to 32 lowercase letters, digits and '-', such as riverside"),
            "none", "The neighbourhood this router belongs to; routers with the same site form one network.",
            "riverside");
    public static final Key<Location> LOCATION = Key.optional("location",
            new ValueType<>("latitude,longitude", Location::parse), "none",
            "Where the router stands, for the neighbourhood's map (sent in its MQTT nodeinfo).", "52.5200,13.4050");
    static final List<Key<?>> KEYS = List.of(NAME, SITE, LOCATION);

    public static NodeConfig defaults() {
        return new NodeConfig(Optional.empty(), Optional.empty(), Optional.empty());
    }

    static NodeConfig from(Settings settings) {
        return new NodeConfig(settings.get(NAME).map(Setting::value), settings.get(SITE).map(Setting::value),
                settings.get(LOCATION).map(Setting::value));
    }

    /** The hostname to use: node.name, else the one derived from {@code serial}. */
    public String name(Optional<String> serial) {
        return name.orElseGet(() -> defaultNodeName(serial));
    }

    /**
     * "lowernet-" and the last 6 hex digits of the serial number (from /proc/device-tree/serial-number
     * or the Serial line of /proc/cpuinfo), so two fresh cards on one LAN get different names; "lowernet"
     * when there is no serial or it is all zeros (QEMU).
     */
    public static String defaultNodeName(Optional<String> serial) {
        String hex = serial.orElse("").toLowerCase(Locale.ROOT).replaceAll("[^0-9a-f]", "");
        if (hex.isEmpty() || hex.chars().allMatch(c -> c == '0')) {
            return BASE_NAME;
        }
        return BASE_NAME + "-" + hex.substring(Math.max(0, hex.length() - 6));
    }
}
