package org.lowernet.image.tree;

import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.nio.charset.StandardCharsets;

/**
 * A root filesystem under construction. Adding an entry adds its missing parent directories (0755).
 * A path already taken is refused unless both are directories (one directory, first mode kept);
 * replacing an entry is a separate, explicit {@link #replace}, so nothing is overwritten by accident.
 */
public final class FileTree {

    /** Orders paths by their UTF-8 bytes, the order every writer emits. */
    public static final Comparator<String> BYTE_ORDER = (a, b) -> java.util.Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private final NavigableMap<String, Node> entries = new TreeMap<>(BYTE_ORDER);

    /** Adds {@code path}; refuses a path already taken, except by a directory when adding one. */
    public FileTree put(String path, Node node) {
        String normal = normalize(path);
        Node existing = entries.get(normal);
        if (existing instanceof Node.Directory && node instanceof Node.Directory) {
            return this; // a directory named twice (by several packages) is one directory
        }
        if (existing != null) {
            throw new IllegalArgumentException("cannot add " + normal + " as " + node.describe() + ": the tree has "
                    + existing.describe() + " there already; remove or replace it first if the new entry is meant to win");
        }
        replace(normal, node);
        return this;
    }

    /**
     * Puts {@code node} at {@code path} whether or not the path is taken; returns what it replaced. A
     * directory with entries below it is only replaced by a directory, so no entry is left below a file.
     */
    public Optional<Node> replace(String path, Node node) {
        String normal = normalize(path);
        if (normal.isEmpty()) {
            throw new IllegalArgumentException("the root itself cannot be replaced");
        }
        addParents(normal);
        if (!(node instanceof Node.Directory) && !below(normal).isEmpty()) {
            throw new IllegalArgumentException("cannot replace the directory " + normal + " by " + node.describe() + ": "
                    + below(normal).size() + " entries below it, such as " + below(normal).firstKey()
                    + ", would be left under a non-directory; remove the directory first");
        }
        return Optional.ofNullable(entries.put(normal, node));
    }

    public FileTree directory(String path, int mode) {
        return put(path, new Node.Directory(mode));
    }

    public FileTree file(String path, int mode, Content content) {
        return put(path, new Node.RegularFile(mode, content));
    }

    public FileTree symlink(String path, String target) {
        return put(path, new Node.Symlink(target));
    }

    /** Adds every entry of {@code other}, optionally below {@code prefix}; taken paths are refused as by put. */
    public FileTree putAll(String prefix, FileTree other) {
        String base = normalize(prefix);
        other.entries.forEach((path, node) -> put(base.isEmpty() ? path : base + "/" + path, node));
        return this;
    }

    public Optional<Node> get(String path) {
        return Optional.ofNullable(entries.get(normalize(path)));
    }

    public boolean contains(String path) {
        return entries.containsKey(normalize(path));
    }

    /** Removes {@code path} and everything below it. */
    public FileTree remove(String path) {
        String normal = normalize(path);
        entries.remove(normal);
        below(normal).clear();
        return this;
    }

    /** Removes every entry whose path matches (children of a removed directory go too). */
    public FileTree removeIf(Predicate<String> path) {
        entries.keySet().stream().filter(path).toList().forEach(this::remove);
        return this;
    }

    /** All entries in byte order of their paths; parents always come before their children. */
    public NavigableMap<String, Node> entries() {
        return Collections.unmodifiableNavigableMap(entries);
    }

    /** The entries directly or indirectly below {@code directory}, with paths relative to it. */
    public FileTree subtree(String directory) {
        String base = normalize(directory) + "/";
        FileTree sub = new FileTree();
        for (Map.Entry<String, Node> e : entries.tailMap(base, true).entrySet()) {
            if (!e.getKey().startsWith(base)) {
                break;
            }
            sub.put(e.getKey().substring(base.length()), e.getValue());
        }
        return sub;
    }

    /** The live view of the entries below {@code normal} (a normalized path), excluding itself. */
    private NavigableMap<String, Node> below(String normal) {
        return entries.subMap(normal + "/", true, normal + "/\uffff", false);
    }

    public int size() {
        return entries.size();
    }

    /** Sum of the regular files' sizes. */
    public long contentBytes() {
        return entries.values().stream()
                .mapToLong(n -> n instanceof Node.RegularFile f ? f.content().size() : 0)
                .sum();
    }

    private void addParents(String path) {
        int slash = path.lastIndexOf('/');
        if (slash <= 0) {
            return;
        }
        String parent = path.substring(0, slash);
        Node existing = entries.get(parent);
        if (existing == null) {
            addParents(parent);
            entries.put(parent, new Node.Directory(0755));
        } else if (!(existing instanceof Node.Directory)) {
            throw new IllegalArgumentException(
                    "cannot add " + path + ": its parent " + parent + " is not a directory but " + existing.describe());
        }
    }

    /** "/usr//bin/./x/" becomes "usr/bin/x"; ".." is refused so no entry can escape the root. */
    public static String normalize(String path) {
        StringBuilder out = new StringBuilder();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw new IllegalArgumentException("path leaves the root: " + path);
            }
            if (!out.isEmpty()) {
                out.append('/');
            }
            out.append(part);
        }
        return out.toString();
    }
}
