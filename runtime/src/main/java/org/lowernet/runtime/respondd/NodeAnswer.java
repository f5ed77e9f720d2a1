package org.lowernet.runtime.respondd;

import static org.lowernet.runtime.json.UntrustedJson.at;
import static org.lowernet.runtime.json.UntrustedJson.number;
import static org.lowernet.runtime.json.UntrustedJson.text;

import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.lowernet.runtime.health.MeshNeighbour;

/**
 * One node as its respondd answer describes it. Fields the answer lacks, or has with another type, are
 * empty: Gluon nodes and other versions of lowernet send more or less.
 *
 * @param from      where the answer came from (the node's link-local address on the asked link)
 * @param links     its babel neighbours, from neighbours.babel
 * @param gateway   statistics.gateway: the node announcing the default route it uses (lowernet: its babel router id)
 */
public record NodeAnswer(InetSocketAddress from, String nodeId, Optional<String> hostname, List<String> addresses,
                       OptionalDouble uptime, OptionalDouble load, OptionalInt clients, Optional<String> gateway,
                       Optional<String> release, List<MeshNeighbour> links) {

    public NodeAnswer {
        addresses = List.copyOf(addresses);
        links = List.copyOf(links);
    }

    /** The node an answer object ({"nodeinfo": …, "statistics": …, "neighbours": …}) describes. */
    static NodeAnswer of(InetSocketAddress from, JsonObject answer) throws MalformedAnswer {
        Optional<String> id = text(answer, Respondd.NODEINFO, "node_id")
                .or(() -> text(answer, Respondd.STATISTICS, "node_id"))
                .or(() -> text(answer, Respondd.NEIGHBOURS, "node_id"));
        if (id.isEmpty()) {
            throw new MalformedAnswer("no node_id in nodeinfo, statistics or neighbours");
        }
        List<String> addresses = new ArrayList<>();
        at(answer, Respondd.NODEINFO, "network", "addresses").filter(JsonValue::isArray)
                .ifPresent(list -> list.asArray().forEach(a -> {
                    if (a.isString()) {
                        addresses.add(a.asString());
                    }
                }));
        OptionalDouble clients = number(answer, Respondd.STATISTICS, "clients", "total");
        return new NodeAnswer(from, id.get(), text(answer, Respondd.NODEINFO, "hostname"), addresses,
                number(answer, Respondd.STATISTICS, "uptime"), number(answer, Respondd.STATISTICS, "loadavg"),
                clients.isPresent() ? OptionalInt.of((int) Math.min(Integer.MAX_VALUE, clients.getAsDouble()))
                        : OptionalInt.empty(),
                text(answer, Respondd.STATISTICS, "gateway"),
                text(answer, Respondd.NODEINFO, "software", "firmware", "release"), links(answer));
    }

    /** neighbours.babel.{iface}.neighbours.{address}.cost; a cost that is not a number counts as 65535. */
    private static List<MeshNeighbour> links(JsonObject answer) {
        List<MeshNeighbour> links = new ArrayList<>();
        Optional<JsonValue> babel = at(answer, Respondd.NEIGHBOURS, "babel").filter(JsonValue::isObject);
        if (babel.isEmpty()) {
            return links;
        }
        for (JsonObject.Member iface : babel.get().asObject()) {
            Optional<JsonValue> heard = at(iface.getValue(), "neighbours").filter(JsonValue::isObject);
            if (heard.isEmpty()) {
                continue;
            }
            for (JsonObject.Member neighbour : heard.get().asObject()) {
                OptionalDouble cost = number(neighbour.getValue(), "cost");
                links.add(new MeshNeighbour(iface.getName(), neighbour.getName(),
                        cost.isPresent() ? (int) Math.max(0, Math.min(65535, cost.getAsDouble())) : 65535));
            }
        }
        return links;
    }

    /** An answer that parsed as JSON but does not describe a node. */
    static final class MalformedAnswer extends Exception {
        MalformedAnswer(String message) {
            super(message);
        }
    }
}
