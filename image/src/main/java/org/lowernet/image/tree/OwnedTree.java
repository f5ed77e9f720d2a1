package org.lowernet.image.tree;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link FileTree} laid from named parts ("libc6", "overlay") that remembers which part laid each
 * entry, so that a clash can name both sides. A part is either {@linkplain #add added}, and then may
 * take no path another part already holds, or {@linkplain #layOver laid over}, and then replaces what
 * it covers and reports each replaced entry. Directories never clash: a directory several parts name is
 * one directory, with the mode the first gave it.
 */
public final class OwnedTree {

    /** A path a part wanted that another part already held; the part that came first keeps it. */
    public record Clash(String path, String owner, Node owned, String other, Node offered) {
        @Override
        public String toString() {
            return path + " (" + owned.describe() + " in " + owner + ", " + offered.describe() + " in " + other + ")";
        }
    }

    /** An entry that a part laid over replaced. */
    public record Replacement(String path, String owner, String by) {
    }

    private final FileTree tree = new FileTree();
    private final Map<String, String> owners = new HashMap<>();

    /**
     * Adds {@code part}'s entries as {@code owner}'s. An entry whose path is taken by anything but a
     * directory meeting a directory is left out and returned as a clash, and so is everything below it.
     */
    public List<Clash> add(String owner, FileTree part) {
        List<Clash> clashes = new ArrayList<>();
        Set<String> clashed = new HashSet<>();
        part.entries().forEach((path, node) -> {
            if (belowAny(clashed, path)) {
                return; // a consequence of the clash above it, which is reported already
            }
            Node existing = tree.get(path).orElse(null);
            if (existing != null && !(existing instanceof Node.Directory && node instanceof Node.Directory)) {
                clashes.add(new Clash(path, owners.get(path), existing, owner, node));
                clashed.add(path);
            } else {
                tree.put(path, node);
                own(path, owner);
            }
        });
        return clashes;
    }

    /**
     * Lays {@code part} below {@code prefix} over the tree as {@code owner}'s, replacing the files,
     * symlinks and devices it covers; returns those replacements in the part's order.
     */
    public List<Replacement> layOver(String owner, String prefix, FileTree part) {
        List<Replacement> replaced = new ArrayList<>();
        String base = FileTree.normalize(prefix);
        part.entries().forEach((relative, node) -> {
            String path = base.isEmpty() ? relative : base + "/" + relative;
            Node existing = tree.get(path).orElse(null);
            if (existing == null || existing instanceof Node.Directory && node instanceof Node.Directory) {
                tree.put(path, node);
            } else {
                if (existing instanceof Node.Directory && tree.subtree(path).size() > 0) {
                    throw new IllegalArgumentException(owner + " has " + node.describe() + " at " + path + ", where "
                            + owners.get(path) + " made a directory with entries below it, which only a directory"
                            + " can replace; rename or remove " + path + " in " + owner);
                }
                tree.replace(path, node);
                replaced.add(new Replacement(path, owners.get(path), owner));
                owners.remove(path);
            }
            own(path, owner);
        });
        return replaced;
    }

    /** The tree cut in two: what one part owns, and the rest; each with the parent directories its entries need. */
    public record Split(FileTree owned, FileTree rest) {
    }

    /**
     * Cuts the tree into the entries {@code owner} laid (and kept: what a later part replaced is the later
     * part's) and all others. Each half carries the directories above its entries, with the tree's modes, so
     * either can be unpacked alone; a directory both need is in both.
     */
    public Split split(String owner) {
        FileTree owned = new FileTree();
        FileTree rest = new FileTree();
        tree.entries().forEach((path, node) -> {
            FileTree half = owner.equals(owners.get(path)) ? owned : rest;
            for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
                String parent = path.substring(0, slash);
                half.put(parent, tree.get(parent).orElseThrow());
            }
            half.put(path, node);
        });
        return new Split(owned, rest);
    }

    /** The tree laid so far; read it, and change it only through this class so that owners stay right. */
    public FileTree tree() {
        return tree;
    }

    /** Records {@code owner} for {@code path} and for the parent directories the tree made for it. */
    private void own(String path, String owner) {
        for (String p = path; owners.putIfAbsent(p, owner) == null && p.indexOf('/') > 0; ) {
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }

    private static boolean belowAny(Set<String> clashed, String path) {
        for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
            if (clashed.contains(path.substring(0, slash))) {
                return true;
            }
        }
        return false;
    }
}
