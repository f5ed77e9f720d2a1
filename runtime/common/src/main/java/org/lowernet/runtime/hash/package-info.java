/**
 * SHA-256, the one hash of the build and the device: on the build, Debian pins and downloads, the release's
 * {@code .sha256}, block-map ranges, the SBOM, the step cache's keys and the flasher's read-back; on the device,
 * update pieces, the tunnel key's record, SSH key fingerprints and the prefixes derived from names. Hex values are
 * lowercase, the form Debian's indexes, sha256sum(1) and bmaptool use.
 */
package org.lowernet.runtime.hash;
