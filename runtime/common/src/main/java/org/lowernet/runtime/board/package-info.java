/**
 * The board the runtime runs on: the image carries every profile from the repository's {@code board/}
 * folder under {@code /usr/share/lowernet/boards}; the one whose {@code models} prefix matches
 * {@code /proc/device-tree/model} gives the defaults (interface roles, LED pins).
 */
package org.lowernet.runtime.board;
