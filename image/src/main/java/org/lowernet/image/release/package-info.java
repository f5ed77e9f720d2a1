/**
 * The files a release ships beside the raw image: a parallel {@code .img.xz} (independent xz streams,
 * concatenated, which xz(1) and every xz reader accept) and a {@code .sha256} in sha256sum(1) format.
 */
package org.lowernet.image.release;
