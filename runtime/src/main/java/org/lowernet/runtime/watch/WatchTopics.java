package org.lowernet.runtime.watch;

import java.util.List;
import java.util.Optional;

/**
 * Which topics a watch subscribes to and how a received topic names its node. One site:
 * {@code <prefix>/+/status} and so on. Every site: {@code lowernet/+/+/status}, the site being the level
 * after {@code lowernet}. A node is its site and its name, since two sites may both have a "pi-1".
 *
 * @param prefix one site's topic prefix; empty means every site under {@code lowernet/}
 */
public record WatchTopics(Optional<String> prefix) {

    /** The default prefix is lowernet/&lt;site&gt; (health.Topics, config.MqttConfig). */
    static final String ALL_SITES = "lowernet/+";
    static final List<String> KINDS = List.of("status", "nodeinfo", "statistics");

    /** Which message of which node a topic carries. */
    public record Address(String site, String node, String kind) {
    }

    public boolean allSites() {
        return prefix.isEmpty();
    }

    /** The subscription filters, one per kind of message. */
    public List<String> filters() {
        return KINDS.stream().map(kind -> prefix.orElse(ALL_SITES) + "/+/" + kind).toList();
    }

    /** The node and kind of {@code topic}; empty when the topic is not one of the filters'. */
    public Optional<Address> parse(String topic) {
        String lead = prefix.orElse("lowernet") + "/";
        if (!topic.startsWith(lead)) {
            return Optional.empty();
        }
        String[] levels = topic.substring(lead.length()).split("/", -1);
        int expected = allSites() ? 3 : 2;
        if (levels.length != expected || List.of(levels).contains("") || !KINDS.contains(levels[expected - 1])) {
            return Optional.empty();
        }
        String site = allSites() ? levels[0] : prefix.get();
        return Optional.of(new Address(site, levels[expected - 2], levels[expected - 1]));
    }
}
