/**
 * Update bundles on the admin's machine: {@code lowernet verify-update} checks one the way a node checks it
 * (signature by a trusted release key, every piece) and lists what it holds; {@code lowernet update} pushes one to
 * nodes over SSH and reports each node's outcome.
 */
package org.lowernet.image.update;
