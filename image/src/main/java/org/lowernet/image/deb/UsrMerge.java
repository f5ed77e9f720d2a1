package org.lowernet.image.deb;

import java.util.List;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;

/**
 * The usr-merged root of Debian trixie: {@code bin}, {@code sbin}, {@code lib} (and {@code lib64}
 * where used) are symlinks into {@code usr/}. dpkg writes a package's {@code ./bin/x} through the
 * symlink, so it lands at {@code usr/bin/x}; this class does the same by rewriting paths.
 */
public final class UsrMerge {

    /** The top-level directories that are symlinks into usr/ on trixie (DEP 17). */
    public static final List<String> MERGED = List.of("bin", "sbin", "lib", "lib64");

    /** Merged directories every root has; lib64 is only linked when something lives in usr/lib64. */
    static final List<String> ALWAYS_LINKED = List.of("bin", "sbin", "lib");

    private UsrMerge() {
    }

    /** Where a normalized archive path ends up on a merged root: "lib/x" becomes "usr/lib/x". */
    public static String canonical(String path) {
        for (String dir : MERGED) {
            if (path.equals(dir) || path.startsWith(dir + "/")) {
                return "usr/" + path;
            }
        }
        return path;
    }

    /** True for the top-level merge symlink itself, e.g. "bin" pointing to "usr/bin". */
    static boolean isMergeLink(String path, String target) {
        return MERGED.contains(path) && FileTree.normalize(target).equals("usr/" + path);
    }

    /** Adds the links {@link #missingLinks} finds to {@code tree}. */
    public static void addLinks(FileTree tree) {
        tree.putAll("", missingLinks(tree));
    }

    /**
     * The {@code bin -> usr/bin} style links that {@code tree} lacks; refuses a real directory or file
     * already standing where a link must be, since files below it would be unreachable on the device.
     */
    public static FileTree missingLinks(FileTree tree) {
        FileTree links = new FileTree();
        for (String dir : MERGED) {
            boolean wanted = ALWAYS_LINKED.contains(dir) || tree.contains("usr/" + dir);
            Node existing = tree.get(dir).orElse(null);
            if (existing == null) {
                if (wanted) {
                    links.symlink(dir, "usr/" + dir);
                }
            } else if (!(existing instanceof Node.Symlink link && isMergeLink(dir, link.target()))) {
                throw new IllegalStateException("laying out the usr-merged root: /" + dir + " is "
                        + existing.describe() + " but must be a symlink to usr/" + dir
                        + "; remove it from the tree or overlay");
            }
        }
        return links;
    }
}
