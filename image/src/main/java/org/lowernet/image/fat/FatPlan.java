package org.lowernet.image.fat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;

/**
 * Decides, before anything is written, every directory's entries and every cluster: directories and
 * files get contiguous runs, handed out in the tree's (byte) order with the root first at cluster 2,
 * except the files named to go last, which follow everything else in the order named.
 */
final class FatPlan {

    /** A contiguous run of clusters; a run of length 0 (an empty file) starts at cluster 0. */
    record Extent(long first, long length) {
    }

    /** One entry of a directory: its stored names, its node and its clusters. */
    record Entry(ShortNames.Name name, Node node, Extent extent) {
    }

    /** A directory: its own clusters and its entries in order; the root's path is "". */
    record Directory(String path, Extent extent, Extent parent, List<Entry> entries) {
        boolean isRoot() {
            return path.isEmpty();
        }
    }

    private final List<Directory> directories = new ArrayList<>();
    private final List<Extent> extents = new ArrayList<>();
    private final long usedClusters;

    FatPlan(FileTree tree, FatGeometry geometry, long volumeBytes, List<String> last) {
        Map<String, List<String>> children = new LinkedHashMap<>();
        children.put("", new ArrayList<>());
        for (Map.Entry<String, Node> e : tree.entries().entrySet()) {
            String path = e.getKey();
            Node node = e.getValue();
            if (!(node instanceof Node.Directory || node instanceof Node.RegularFile)) {
                throw new IllegalArgumentException("cannot put /" + path + " on FAT: it is a " + node
                        + ", and FAT holds only directories and regular files; leave it out of the boot tree");
            }
            if (node instanceof Node.RegularFile f && f.content().size() > Fat32Writer.MAX_FILE_SIZE) {
                throw new IllegalArgumentException("cannot put /" + path + " on FAT: its " + f.content().size()
                        + " bytes exceed FAT's file size limit of " + Fat32Writer.MAX_FILE_SIZE);
            }
            children.get(parent(path)).add(path);
            if (node instanceof Node.Directory) {
                children.put(path, new ArrayList<>());
            }
        }

        // Names first: a directory's size depends on how many long-name entries its children need.
        Map<String, List<ShortNames.Name>> names = new LinkedHashMap<>();
        Map<String, Long> sizes = new LinkedHashMap<>();
        children.forEach((dir, paths) -> {
            List<ShortNames.Name> assigned = ShortNames.assign(paths.stream().map(FatPlan::baseName).toList(), dir);
            names.put(dir, assigned);
            long count = dir.isEmpty() ? 1 : 2; // volume label, or "." and ".."
            for (ShortNames.Name n : assigned) {
                count += 1 + (n.hasLongName() ? DirectoryEntry.longEntries(n.longName()) : 0);
            }
            if (count > DirectoryEntry.MAX_ENTRIES) {
                throw new IllegalArgumentException("directory /" + dir + " needs " + count
                        + " entries; FAT allows " + DirectoryEntry.MAX_ENTRIES + ": split it or shorten names");
            }
            sizes.put(dir, count * DirectoryEntry.SIZE);
        });

        Map<String, Extent> placed = new LinkedHashMap<>();
        long next = FatGeometry.FIRST_CLUSTER;
        placed.put("", new Extent(next, geometry.clustersFor(sizes.get(""))));
        next += placed.get("").length();
        for (String path : allocationOrder(tree, last)) {
            long bytes = tree.entries().get(path) instanceof Node.RegularFile f ? f.content().size() : sizes.get(path);
            long length = geometry.clustersFor(bytes);
            placed.put(path, new Extent(length == 0 ? 0 : next, length));
            next += length;
        }
        usedClusters = next - FatGeometry.FIRST_CLUSTER;
        if (usedClusters > geometry.clusterCount()) {
            throw new IllegalArgumentException("FAT partition of " + FatGeometry.mib(volumeBytes)
                    + " is too small for " + FatGeometry.mib(tree.contentBytes()) + " of files: with directories"
                    + " they need " + usedClusters + " clusters of " + geometry.clusterBytes() + " bytes ("
                    + FatGeometry.mib(usedClusters * geometry.clusterBytes()) + "), it has "
                    + geometry.clusterCount() + "; make the boot partition larger");
        }

        placed.values().stream().filter(x -> x.length() > 0).forEach(extents::add);
        children.forEach((dir, paths) -> {
            List<Entry> entries = new ArrayList<>(paths.size());
            for (int i = 0; i < paths.size(); i++) {
                entries.add(new Entry(names.get(dir).get(i), tree.entries().get(paths.get(i)),
                        placed.get(paths.get(i))));
            }
            Extent parent = dir.isEmpty() ? null : placed.get(parent(dir));
            directories.add(new Directory(dir, placed.get(dir), parent, List.copyOf(entries)));
        });
    }

    /** The tree's order with {@code last} moved to the end; each of them must be a regular file of the tree. */
    private static List<String> allocationOrder(FileTree tree, List<String> named) {
        List<String> last = named.stream().map(FileTree::normalize).toList();
        for (String path : last) {
            if (!(tree.get(path).orElse(null) instanceof Node.RegularFile)) {
                throw new IllegalArgumentException("cannot place /" + path + " last on FAT: the tree has no such"
                        + " regular file; name only files of the tree");
            }
        }
        List<String> order = new ArrayList<>(tree.entries().keySet());
        order.removeAll(last);
        order.addAll(last);
        return order;
    }

    List<Directory> directories() {
        return directories;
    }

    /** Every non-empty run, in ascending cluster order, back to back from cluster 2. */
    List<Extent> extents() {
        return extents;
    }

    long usedClusters() {
        return usedClusters;
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
