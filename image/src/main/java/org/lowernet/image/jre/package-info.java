/**
 * The device's Java runtime: the host JDK's {@code jlink} linking Debian's arm64 {@code jmods} into a
 * minimal aarch64 JRE. Cross-linking needs the same feature version on both sides; native libraries are
 * left as Debian built them ({@code --strip-debug} would need an aarch64 objcopy).
 */
package org.lowernet.image.jre;
