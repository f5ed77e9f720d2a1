/**
 * The device's Java runtime: the host JDK's {@code jlink} linking Debian's arm64 {@code jmods} into a
 * minimal aarch64 JRE.
 *
 * <p>Limits: cross-linking needs the same feature (and interim) version on both sides, checked before
 * jlink runs ({@link org.lowernet.image.jre.JlinkVersions}); update and patch versions may differ. Native
 * libraries lose their static symbol tables ({@link org.lowernet.image.jre.SymbolStrip}, in Java:
 * {@code --strip-debug} would need an aarch64 objcopy); split debug files ({@code *.debuginfo}) and a few
 * host-side tools are left out, and the result must fit a {@link org.lowernet.image.jre.JreBudget}.
 */
package org.lowernet.image.jre;
