package org.lowernet.runtime.health;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import java.util.List;

/**
 * Home Assistant MQTT discovery (mqtt.homeassistant): one retained config per sensor under
 * {@code homeassistant/sensor/<node_id>/<sensor>/config}, reading the node's statistics and available exactly
 * while its status says online, so Home Assistant shows every router without hand-written YAML.
 */
final class HomeAssistant {

    /** Home Assistant's default discovery prefix. */
    static final String DISCOVERY_PREFIX = "homeassistant";

    /** One sensor: where its value sits in the statistics, and how Home Assistant should show it. */
    record Sensor(String id, String name, String template, String unit, String deviceClass, String stateClass) {
    }

    static final List<Sensor> SENSORS = List.of(
            new Sensor("uptime", "Uptime", "{{ value_json.uptime | round(0) }}", "s", "duration", "measurement"),
            new Sensor("load", "Load", "{{ value_json.loadavg }}", "", "", "measurement"),
            new Sensor("clients", "Clients", "{{ value_json.clients.total }}", "", "", "measurement"),
            new Sensor("memory_available", "Memory available", "{{ value_json.memory.available }}", "kB", "data_size",
                    "measurement"),
            new Sensor("temperature", "Temperature", "{{ value_json.temperature | default(none) }}", "°C",
                    "temperature", "measurement"),
            new Sensor("wan_rx", "Uplink received", "{{ value_json.traffic.rx.bytes }}", "B", "data_size",
                    "total_increasing"),
            new Sensor("wan_tx", "Uplink sent", "{{ value_json.traffic.tx.bytes }}", "B", "data_size",
                    "total_increasing"),
            new Sensor("leds", "State", "{{ value_json.leds }}", "", "", ""));

    private HomeAssistant() {
    }

    static String topic(NodeInfo node, Sensor sensor) {
        return DISCOVERY_PREFIX + "/sensor/" + node.nodeId() + "/" + sensor.id() + "/config";
    }

    static JsonObject config(NodeInfo node, Topics topics, Sensor sensor) {
        JsonObject json = Json.object()
                .add("name", sensor.name())
                .add("unique_id", "lowernet_" + node.nodeId() + "_" + sensor.id())
                .add("state_topic", topics.statistics())
                .add("value_template", sensor.template())
                .add("availability_topic", topics.status())
                .add("payload_available", "online")
                .add("payload_not_available", "offline")
                .add("device", Json.object()
                        .add("identifiers", Json.array("lowernet_" + node.nodeId()))
                        .add("name", node.hostname())
                        .add("manufacturer", "lowernet")
                        .add("model", node.model())
                        .add("sw_version", node.release()));
        if (!sensor.unit().isEmpty()) {
            json.add("unit_of_measurement", sensor.unit());
        }
        if (!sensor.deviceClass().isEmpty()) {
            json.add("device_class", sensor.deviceClass());
        }
        if (!sensor.stateClass().isEmpty()) {
            json.add("state_class", sensor.stateClass());
        }
        return json;
    }
}
