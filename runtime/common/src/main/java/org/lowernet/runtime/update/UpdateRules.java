package org.lowernet.runtime.update;

/**
 * Whether a node installs a bundle whose signature checked: made for its architecture and its board, and newer
 * than what it runs. Forcing installs the same or an older version (going back on purpose), never one for
 * another architecture or board.
 *
 * @param board the node's board profile id, as the image's board set names it
 */
public record UpdateRules(ReleaseVersion running, String architecture, String board) {

    public void check(UpdateManifest manifest, boolean force) throws BundleRefused {
        if (!manifest.architecture().equals(architecture)) {
            throw new BundleRefused("built for " + manifest.architecture() + ", this node is " + architecture);
        }
        if (!manifest.boards().contains(board)) {
            throw new BundleRefused("built for the boards " + String.join(", ", manifest.boards())
                    + ", this node is a " + board);
        }
        int order = manifest.version().compareTo(running);
        if (order <= 0 && !force) {
            throw new BundleRefused(order == 0 ? "version " + running + " already runs here (force installs it again)"
                    : "version " + manifest.version() + " is older than the running " + running
                            + " (force installs it anyway)");
        }
    }
}
