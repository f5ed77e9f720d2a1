/**
 * Stamping: one built image, many SD cards, each with its own {@code lowernet.conf} (and optionally
 * {@code authorized_keys}, and with {@code --tunnel-keys} its own WireGuard private key as {@code tunnel.key},
 * the public keys in a table). Pure Java, no root, no mounting: the image's FAT boot partition is read
 * ({@link org.lowernet.image.fat.FatReader}) and written anew ({@link org.lowernet.image.fat.Fat32Writer})
 * with the same volume id, label and timestamp; every byte outside that partition is copied unchanged.
 * Every node's config is checked by the runtime's own validator (what {@code check-config} runs) before
 * any image is written; a refusal writes nothing. Output appears under its name only when complete.
 *
 * <p>Limits: partition 1 must be FAT32 with 512-byte sectors (as lowernet writes it). The rewritten
 * filesystem is laid out by lowernet's writer, so an image whose FAT was changed by another tool keeps its
 * files but not their layout, attributes (read-only, hidden) or dates: every entry gets the timestamp of
 * the original lowernet.conf. The files of the partition are held in memory (about 100 MiB). Stamping
 * the same image with the same settings gives the same bytes.
 */
package org.lowernet.image.stamp;
