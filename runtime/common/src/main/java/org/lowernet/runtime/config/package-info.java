/**
 * lowernet.conf: the one file a person edits, read into immutable records ({@link
 * org.lowernet.runtime.config.LowernetConfig}) or a list of every error ({@link
 * org.lowernet.runtime.config.ConfigError}), never an exception for bad input.
 *
 * <p>Three layers: {@code ConfigLines} (bytes to "key = value" lines: UTF-8, BOM, CRLF, comments, size
 * limit, duplicates), {@link org.lowernet.runtime.config.Settings} (each line typed through the key
 * registry {@link org.lowernet.runtime.config.ConfigKeys}, unknown keys with "did you mean"; board.conf is
 * read the same way with its own {@link org.lowernet.runtime.config.KeySchema}), and the
 * section records ({@code NodeConfig}, {@code InterfaceRoles}, {@code LanConfig}, {@code WanConfig}),
 * each holding its {@link org.lowernet.runtime.config.Key}s, a {@code check} for rules between keys and a
 * {@code from} that builds the record once the file is known to be valid.
 *
 * <p>To add keys (mqtt.*, leds.*, ...): write a section record with its {@code Key}s (type from
 * {@link org.lowernet.runtime.config.ValueTypes}, default, one-line meaning, example), a {@code KEYS}
 * list, {@code check} and {@code from}; add {@code KEYS} to {@code ConfigKeys.ALL}, the record to
 * {@code LowernetConfig} and the calls to {@code ConfigParser.parse}; document the keys in
 * runtime/CONFIG.md (ConfigReferenceTest fails until you do) and list them in board/common/lowernet.conf.
 *
 * <p>Limits: 64 KiB per file; values cannot contain " #" (a comment) and are not quoted or escaped.
 */
package org.lowernet.runtime.config;
