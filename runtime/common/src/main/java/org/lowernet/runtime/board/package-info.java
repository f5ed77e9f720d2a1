/**
 * Board profiles: the repository's {@code board/<id>/board.conf} files, read by one schema ({@link
 * org.lowernet.runtime.board.Board}) for the image builder and the device. The image carries every
 * profile under {@code /usr/share/lowernet/boards}; on the device the one whose {@code models} prefix
 * matches {@code /proc/device-tree/model} gives the defaults (interface roles, LED pins).
 */
package org.lowernet.runtime.board;
