/**
 * Debian packages for the image: from declared root package names to verified .deb files.
 * <p>
 * {@code update}: fetch {@code dists/<suite>/InRelease} from the configured {@link
 * org.lowernet.image.debian.Mirror}, verify its OpenPGP signature against Debian's archive keys
 * shipped as resources, check each {@code Packages.xz} against the signed SHA-256 list, resolve the
 * Pre-Depends/Depends closure and write a sorted, committed {@link org.lowernet.image.debian.Lockfile}.
 * {@code fetch}: download each locked .deb into the {@link org.lowernet.image.debian.PackageCache},
 * verifying size and SHA-256 before it becomes visible.
 * <p>
 * Limits: one architecture per index (plus "all"); Recommends, Suggests, Conflicts and Breaks are
 * ignored; no apt pinning or priorities (the highest acceptable version wins); only the uncompressed
 * InRelease form is read (no Release + Release.gpg); key expiry and revocation are not checked.
 */
package org.lowernet.image.debian;
