/**
 * The files a release ships beside the raw image, each writer standing alone: a parallel
 * {@code .img.xz} (one xz stream of independent blocks, each found again by the SHA-256 of its bytes so an
 * unchanged block is never compressed twice), a
 * {@code .bmap} block map for bmaptool (mapped = not all zero, decided from the bytes, plus the zero
 * extents the caller names as "must be written"), a CycloneDX
 * JSON bill of materials and a Raspberry Pi Imager {@code os_list} repository file.
 * Limits: bmap format 2.0 with sha256 only; the JSON writer knows strings, integers, objects and arrays.
 */
package org.lowernet.image.release;
