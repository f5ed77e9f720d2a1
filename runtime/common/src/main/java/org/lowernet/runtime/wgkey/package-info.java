/**
 * WireGuard keys: X25519 key pairs (RFC 7748) in WireGuard's base64 form, 32 bytes each. Plain Java (the
 * JDK's X25519), no native code, so the image builder can make keys for stamped cards and the runtime can
 * make and read a node's own. A private key's {@code toString()} never shows it: it must not reach a log
 * line, an exception, MQTT or a table.
 */
package org.lowernet.runtime.wgkey;
