/**
 * The file tree that build steps fill and format writers read: paths relative to the root,
 * '/'-separated, without leading slash; entries kept sorted by their path's bytes so that every writer
 * emits them in one reproducible order. Owners are always root (uid/gid 0); times are the build epoch,
 * applied by the writers, so the tree itself carries none. A path is never overwritten by accident:
 * adding to a taken path is refused (directories merge), replacing is explicit, and
 * {@link org.lowernet.image.tree.OwnedTree} names who laid each entry when parts clash or replace.
 */
package org.lowernet.image.tree;
