/**
 * Writes the .xz container (The .xz File Format 1.2.1, tukaani.org/xz/xz-file-format.txt) around LZMA2
 * data from org.tukaani:xz (or LZMA2's uncompressed chunks, for bytes that are compressed already): one stream of independently compressed blocks, each block header carrying
 * its compressed and uncompressed sizes, as {@code xz -T --block-size} writes them. Because every block
 * stands alone, its bytes depend only on the uncompressed bytes and the settings: a caller may keep
 * encoded blocks and put them into later streams unchanged.
 *
 * <p>Limits: one filter (LZMA2) per block, CRC64 checks, blocks of at most 2 GiB - 1 uncompressed bytes;
 * no multi-stream files, no stream padding. Reading is left to tukaani's XZInputStream.
 */
package org.lowernet.image.xz;
