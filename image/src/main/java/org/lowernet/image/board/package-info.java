/**
 * Board profiles: the {@code board/} folder read as data. A board never becomes an {@code if} in Java;
 * what differs between boards is written in its {@code board.conf}.
 */
package org.lowernet.image.board;
