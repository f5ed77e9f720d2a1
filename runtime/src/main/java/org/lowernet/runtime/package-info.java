/**
 * The lowernet runtime's command line: {@link org.lowernet.runtime.Main} picks a subcommand ({@code run},
 * the router daemon the image starts, also when no subcommand is given; {@code check-config FILE}).
 */
package org.lowernet.runtime;
