/**
 * Signed update bundles, shared by the image builder (which writes them) and the node (which checks them
 * before anything on its card changes). A neighbourhood's release key is an Ed25519 key pair: the private half
 * stays with whoever builds the neighbourhood's images, the public half is what nodes trust. A bundle is a
 * header, a {@link org.lowernet.runtime.update.UpdateManifest manifest} (version, architecture, boards, every
 * part and its SHA-256 pieces), the manifest's signature, then the parts' bytes; a reader checks the signature
 * before it reads a byte of the parts, and every piece as it arrives, so that a corrupt, truncated or foreign
 * bundle is refused with nothing written. Pieces are content-addressed so that nodes can later fetch them
 * from each other.
 */
package org.lowernet.runtime.update;
