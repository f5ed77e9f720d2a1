package org.lowernet.runtime.health;

/**
 * Where one node's messages go: {@code <prefix>/<node>/status}, nodeinfo, statistics, events, and the
 * {@code cmd/} topics it listens on.
 *
 * @param prefix the topic prefix, lowernet/&lt;site&gt; by default
 * @param node   the node's name (its hostname), one topic level
 */
public record Topics(String prefix, String node) {

    public Topics {
        if (node.isEmpty() || node.contains("/") || node.contains("+") || node.contains("#")) {
            throw new IllegalArgumentException("'" + node + "' cannot be one MQTT topic level");
        }
    }

    public String status() {
        return base() + "status";
    }

    public String nodeinfo() {
        return base() + "nodeinfo";
    }

    public String statistics() {
        return base() + "statistics";
    }

    public String events() {
        return base() + "events";
    }

    /** The filter for every command to this node. */
    public String commands() {
        return base() + "cmd/#";
    }

    /** The command's name when {@code topic} is one of this node's commands, such as "identify"; else null. */
    public String command(String topic) {
        String lead = base() + "cmd/";
        return topic.startsWith(lead) ? topic.substring(lead.length()) : null;
    }

    private String base() {
        return prefix + "/" + node + "/";
    }
}
