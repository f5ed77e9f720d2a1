/**
 * Reads Debian binary packages ({@code .deb}) in pure Java, the way dpkg would unpack them onto a
 * usr-merged trixie root, into a {@link org.lowernet.image.tree.FileTree}.
 *
 * <p>Supported: the {@code ar} container (deb(5)), {@code control.tar} and {@code data.tar} either
 * uncompressed or compressed with xz or gzip; directories, regular files (permission bits incl.
 * setuid/setgid/sticky), symlinks (target kept as written) and hard links (become copies).
 *
 * <p>Limits: zstd, bzip2 and lzma members are refused with an error (Debian's archive uses xz; the
 * JDK and our dependencies have no zstd decoder). Owners, times and device nodes in data.tar are
 * dropped: the image is owned by root and timed by the build epoch. Maintainer scripts are not run, so
 * diversions (dpkg-divert) are not made. A path already in the target tree is refused, as dpkg refuses to
 * let one package overwrite another's file.
 * Included files are held in memory, so callers pass a filter to skip what they do not need.
 */
package org.lowernet.image.deb;
