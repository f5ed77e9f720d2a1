package org.lowernet.runtime.health;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.lowernet.runtime.boot.Boot;
import org.lowernet.runtime.config.Location;

/**
 * What a node is: the retained {@code nodeinfo} message, in Freifunk respondd's names where they exist.
 *
 * @param nodeId    respondd's node_id: the primary MAC address without colons, or the hostname without one
 * @param model     the board as the device tree names it
 * @param release   the lowernet version
 * @param mac       the primary MAC address
 * @param addresses the node's global addresses, without prefix lengths
 * @param boot      this boot: its count and why it happened
 * @param sshHostKey the SSH host key's OpenSSH fingerprint, so admins can pin it; empty while SSH is off
 * @param routerId  the node's babel router id, which other nodes' statistics name as their gateway; empty without
 *                  mesh interfaces
 * @param prefixes  the LAN's prefixes: the IPv4 LAN, and the ULA /64 of an automatic prefix; they move with it
 * @param tunnelKey the node's WireGuard public key (base64), which other nodes' {@code tunnel.<name>.public_key}
 *                  names; empty until the node has one
 * @param update    the system slot this boot runs and the last update's result; empty on a root without slots
 */
public record NodeInfo(String nodeId, String hostname, String site, String model, String release, String kernel,
                       Optional<String> mac, List<String> addresses, Optional<Location> location, Optional<Boot> boot,
                       Optional<String> sshHostKey, Optional<String> routerId, List<String> prefixes,
                       Optional<String> tunnelKey, Optional<Update> update) {

    /**
     * The system slot this boot runs: its letter and version, {@code trial} (with which boot of how many) or
     * {@code committed}, and the last update's result as slots.txt says it.
     */
    public record Update(String slot, String version, boolean trial, int attempt, int maxTries,
                         Optional<String> lastResult) {

        JsonObject toJson() {
            JsonObject json = Json.object().add("slot", slot).add("version", version)
                    .add("state", trial ? "trial" : "committed");
            if (trial) {
                json.add("try", attempt).add("max_tries", maxTries);
            }
            lastResult.ifPresent(result -> json.add("last_result", result));
            return json;
        }
    }

    public NodeInfo {
        addresses = List.copyOf(addresses);
        prefixes = List.copyOf(prefixes);
    }

    /** respondd's node_id: the MAC in lowercase hex without separators. */
    public static String nodeId(Optional<String> mac, String hostname) {
        return mac.map(m -> m.replace(":", "").toLowerCase(Locale.ROOT)).orElse(hostname);
    }

    public JsonObject toJson() {
        JsonArray addressList = new JsonArray();
        addresses.forEach(addressList::add);
        JsonObject network = Json.object().add("addresses", addressList);
        mac.ifPresent(m -> network.add("mac", m));
        JsonObject json = Json.object()
                .add("node_id", nodeId)
                .add("hostname", hostname)
                .add("site", site)
                .add("hardware", Json.object().add("model", model))
                .add("software", Json.object()
                        .add("firmware", Json.object().add("release", release))
                        .add("kernel", kernel))
                .add("network", network);
        location.ifPresent(l -> json.add("location",
                Json.object().add("latitude", l.latitude()).add("longitude", l.longitude())));
        boot.ifPresent(b -> json.add("boot",
                Json.object().add("count", b.count()).add("reason", b.reason().word()).add("detail", b.detail())));
        sshHostKey.ifPresent(k -> json.add("ssh", Json.object().add("host_key", k)));
        routerId.ifPresent(id -> json.add("router_id", id));
        tunnelKey.ifPresent(key -> json.add("tunnel", Json.object().add("public_key", key)));
        update.ifPresent(u -> json.add("update", u.toJson()));
        JsonArray prefixList = new JsonArray();
        prefixes.forEach(prefixList::add);
        return json.add("prefixes", prefixList);
    }
}
