/**
 * The mesh: babeld's configuration from lowernet.conf, babeld kept running on the mesh interfaces, and the
 * immutable {@link org.lowernet.runtime.mesh.MeshView} of neighbours, routes and announced prefixes read from its
 * local socket.
 */
package org.lowernet.runtime.mesh;
