/**
 * Freifunk's respondd on the mesh: {@link org.lowernet.runtime.respondd.RespondServer} answers the
 * community map tools (yanic, meshviewer) and other lowernet nodes with this node's nodeinfo, statistics and
 * babel neighbours; {@link org.lowernet.runtime.respondd.RespondClient} asks a mesh link who is there (for
 * {@code lowernet watch --respondd}). UDP port 1001, the link-local group ff02::2:1001 (and ff05::2:1001) on
 * the mesh interfaces only; a request "GET nodeinfo statistics neighbours" is answered with one raw-deflated
 * JSON object, the older single-word request with that one object uncompressed. RESPONDD.md lists every
 * field sent. Requests and replies are untrusted: bounded in size, rate and nesting, never fatal.
 */
package org.lowernet.runtime.respondd;
