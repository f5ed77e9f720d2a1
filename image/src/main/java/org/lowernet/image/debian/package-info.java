/**
 * Debian packages for the image: from declared root package names to verified .deb files.
 * <p>
 * {@code update}: for each suite (trixie, trixie-updates, trixie-security), fetch
 * {@code dists/<suite>/InRelease} from the suite's archive ({@link org.lowernet.image.debian.Archives}: the
 * configured mirror, or the security archive for a {@code -security} suite), verify its OpenPGP signature
 * against Debian's archive keys shipped as resources, check each {@code Packages.xz} against the signed
 * SHA-256 list, resolve the Pre-Depends/Depends closure over all suites (the highest version wins; a
 * dependency on a package declared {@link org.lowernet.image.debian.NotFollowed} counts as met) and
 * write a sorted, committed {@link org.lowernet.image.debian.Lockfile} naming each package's suite.
 * {@code behind}: the same resolution, compared with the lock and never written ({@link
 * org.lowernet.image.debian.Behind}). {@code fetch}: download each locked .deb from its suite's archive
 * (after a 404, from the fallback archives by the same pool path) into the {@link
 * org.lowernet.image.debian.PackageCache}, verifying size and SHA-256 before it becomes visible.
 * <p>
 * Limits: one architecture per index (plus "all"); Recommends, Suggests, Conflicts and Breaks are
 * ignored; no apt pinning or priorities (the highest acceptable version wins); only the uncompressed
 * InRelease form is read (no Release + Release.gpg); key expiry, revocation and the Release's
 * Valid-Until are not checked; cached indexes and lock-check answers are not pruned.
 */
package org.lowernet.image.debian;
