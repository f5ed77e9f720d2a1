/**
 * {@code lowernet watch}: a live table of every node of a site, read from the health messages the nodes
 * publish over MQTT (see org.lowernet.runtime.health), so a volunteer needs no other software.
 * {@link org.lowernet.runtime.watch.NodeTable} folds messages into rows and renders them without I/O or a
 * clock of its own; {@link org.lowernet.runtime.watch.Watch} connects, subscribes and redraws. With
 * {@code --respondd IFACE} there is no broker: {@code MeshWatch} asks the mesh link on IFACE with respondd
 * (org.lowernet.runtime.respondd) every 5 s and {@code MeshTable} shows who answered.
 *
 * <p>Limits: payloads are untrusted. Larger than 64 KiB, not JSON, nested deeper than 32, or not the
 * expected shape: ignored and counted. Text from topics and payloads is stripped of control characters
 * before it reaches the terminal. At most 10,000 nodes are tracked; messages of further nodes are ignored.
 * Only MQTT 3.1.1 over tcp:// and ssl://.
 */
package org.lowernet.runtime.watch;
