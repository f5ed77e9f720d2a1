/**
 * Health to the neighbourhood over MQTT: what this node is (nodeinfo), how it is (statistics, read from
 * /proc, /sys and the network state every interval), what happened (events), and the one command it takes
 * (identify). Messages are JSON with Freifunk respondd names where they exist; MQTT.md documents them.
 * Nothing received over MQTT runs code or changes the config.
 */
package org.lowernet.runtime.health;
