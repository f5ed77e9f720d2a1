/**
 * SHA-256, the one hash of the build: Debian pins and downloads, the release's {@code .sha256},
 * block-map ranges, the SBOM, the step cache's keys and the flasher's read-back. Values are written as
 * lowercase hex, the form Debian's indexes, sha256sum(1) and bmaptool use. Knows nothing of the pipeline.
 */
package org.lowernet.image.hash;
