/**
 * The lowernet runtime's command line: {@link org.lowernet.runtime.Main} picks a subcommand ({@code run},
 * the router daemon the image starts, also when no subcommand is given; {@code check-config FILE}; {@code watch},
 * the neighbourhood's routers live from their MQTT reports). On a host, scripts/lowernet runs them next to
 * the image builder's commands.
 */
package org.lowernet.runtime;
