package org.lowernet.runtime.events;

import java.util.List;
import java.util.Locale;

/** Every kind of event, with the fields it carries; MQTT.md's table of events is checked against this list. */
public enum EventType {

    LINK_UP("An interface's carrier came (cable plugged, peer up).", "interface"),
    LINK_DOWN("An interface's carrier went, or the interface disappeared.", "interface"),
    UPLINK_UP("The uplink works again: WAN carrier, and a DHCP lease where DHCP is used.", "interface", "carrier",
            "lease"),
    UPLINK_DOWN("The uplink was lost: no WAN carrier, or the DHCP lease ended.", "interface", "carrier", "lease"),
    CONFIG_ERROR("lowernet.conf had an error at start, so the router runs with its last good config (or the"
            + " defaults when none was saved yet); one event per error.", "message"),
    BOOT("The node booted (once a boot, not when init restarts the runtime), and why: reason power, clean, watchdog"
            + " or crash-loop (sent again when a crash loop puts the runtime in safe mode).", "reason", "count",
            "detail"),
    DATA_UNAVAILABLE("The data partition is there but cannot be used (not repaired by e2fsck, not mountable), so"
            + " the router runs without persistence; it was not formatted.", "device", "reason"),
    SAFE_MODE("The runtime crashed again and again (crashes within window_s seconds), so this start runs in safe mode:"
            + " built-in defaults but for who the router is and where it reports; last_crash is the last one's reason.",
            "crashes", "window_s", "last_crash"),
    SERVICE_RESTART("A supervised program (dnsmasq, udhcpc, dropbear) ended and is restarted after a delay.",
            "service", "reason", "ran_ms", "delay_ms"),
    PREFIX_CHANGED("The node's automatic LAN prefix collided with a higher router id's (which keeps it), so the LAN"
            + " moved to prefix (from previous); clients get addresses in it at their next DHCP request.", "prefix",
            "previous", "winner"),
    PREFIX_CONFLICT("Other mesh routers (their ids in routers, what they announce in detail) announce prefixes"
            + " overlapping this node's fixed lan.address, which is kept; or the mesh pool has no free prefix left.",
            "prefix", "routers", "detail"),
    TUNNEL_UP("A WireGuard tunnel has a fresh handshake with its peer (at endpoint, empty when unknown): packets"
            + " flow.", "tunnel", "endpoint"),
    TUNNEL_DOWN("A tunnel that was up has had no handshake for 180 s (status stale), or its interface was made anew"
            + " (no_handshake); last_handshake is when the last one was, ISO 8601, empty for none.", "tunnel", "status",
            "last_handshake"),
    TUNNEL_ERROR("A tunnel cannot be set up (the kernel has no WireGuard, its name is another link's) or its peer's"
            + " name does not resolve; tried again, said again only when the message changes.", "tunnel", "message"),
    UPDATE_TRIAL("This boot tries an updated system (its slot and version): boot try of max_tries; it is committed"
            + " once it has run healthy for update.commit_after.", "slot", "version", "try", "max_tries"),
    UPDATE_COMMITTED("The updated system ran healthy for update.commit_after and is committed: it boots from now on.",
            "slot", "version"),
    UPDATE_ROLLED_BACK("An updated system did not commit (result says why) and the previous one boots again; sent"
            + " once, by the first start after.", "slot", "version", "result"),
    MESSAGES_DROPPED("Messages were dropped while the broker was away (more than mqtt.buffer); sent first after"
            + " reconnecting.", "count", "buffer");

    private final String meaning;
    private final List<String> fields;

    EventType(String meaning, String... fields) {
        this.meaning = meaning;
        this.fields = List.of(fields);
    }

    /** The type as messages carry it: link_up. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String meaning() {
        return meaning;
    }

    /** The fields every event of this type has, in order. */
    public List<String> fields() {
        return fields;
    }
}
