/**
 * Names across the mesh: every router answers NODE.&lt;mesh.domain&gt; for every router of the mesh and
 * CLIENT.NODE.&lt;mesh.domain&gt; for its own LAN clients, and sends questions about another router's clients to
 * that router. The runtime writes what dnsmasq reads (a hosts folder it watches, a servers file it re-reads
 * on SIGHUP); which routers exist and what they are called comes from babel and respondd.
 */
package org.lowernet.runtime.names;
