/**
 * {@code lowernet keygen}: makes a neighbourhood's release key, the Ed25519 key pair that signs update bundles.
 * The private half goes into a file only its owner can read, and is never overwritten; the public half is what
 * nodes trust.
 */
package org.lowernet.image.releasekey;
