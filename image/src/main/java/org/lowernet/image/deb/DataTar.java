package org.lowernet.image.deb;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;

/** Adds the entries of a package's data.tar to a {@link FileTree} on a usr-merged root. */
final class DataTar {

    /** Permission bits incl. setuid (04000), setgid (02000) and sticky (01000); see inode(7). */
    private static final int PERMISSION_BITS = 07777;

    private final Predicate<String> include;
    private final FileTree into;
    private final String where;

    DataTar(Predicate<String> include, FileTree into, String where) {
        this.include = include;
        this.into = into;
        this.where = where;
    }

    /** Reads every entry; {@code tar} is left at its end but not closed. */
    void extract(InputStream tar) throws IOException {
        TarArchiveInputStream entries = new TarArchiveInputStream(tar);
        TarArchiveEntry entry;
        while ((entry = entries.getNextEntry()) != null) {
            String archived = FileTree.normalize(entry.getName());
            if (archived.isEmpty()) {
                continue; // "./", the root itself
            }
            if (entry.isSymbolicLink() && UsrMerge.isMergeLink(archived, entry.getLinkName())) {
                add(archived, new Node.Symlink(entry.getLinkName())); // base-files ships the merge links themselves
                continue;
            }
            String path = UsrMerge.canonical(archived);
            if (!include.test(path)) {
                continue;
            }
            Node node = toNode(entry, entries, path);
            if (node != null) {
                add(path, node);
            }
        }
    }

    private void add(String path, Node node) {
        try {
            into.put(path, node);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private Node toNode(TarArchiveEntry entry, TarArchiveInputStream entries, String path) throws IOException {
        int mode = entry.getMode() & PERMISSION_BITS;
        if (entry.isDirectory()) {
            return new Node.Directory(mode);
        }
        if (entry.isSymbolicLink()) {
            return new Node.Symlink(entry.getLinkName());
        }
        if (entry.isLink()) {
            return hardLinkCopy(path, UsrMerge.canonical(FileTree.normalize(entry.getLinkName())));
        }
        if (entry.isFile()) {
            return new Node.RegularFile(mode, readContent(entry, entries, path));
        }
        // Device nodes, FIFOs: Debian packages do not ship them; the image makes /dev itself.
        return null;
    }

    /** A hard link becomes a copy: FileTree has no links, and an initramfs needs none. */
    private Node hardLinkCopy(String path, String target) {
        Node linked = into.get(target).orElse(null);
        if (!(linked instanceof Node.RegularFile file)) {
            throw new IllegalStateException(where + ": hard link " + path + " points to " + target
                    + ", which is " + (linked == null ? "not extracted (excluded by the filter?)" : linked)
                    + "; include " + target + " as well");
        }
        return new Node.RegularFile(file.mode(), file.content());
    }

    private Content readContent(TarArchiveEntry entry, InputStream in, String path) throws IOException {
        long size = entry.getSize();
        if (size > Integer.MAX_VALUE - 8) {
            throw new IOException(where + ": " + path + " is " + size + " bytes, too large to hold in memory");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length != size) {
            throw new EOFException(where + ": data.tar ends inside " + path + " after " + data.length
                    + " of " + size + " bytes; the package file is truncated, download it again");
        }
        // The record itself rather than Content.of: of() copies, and a kernel's modules are ~100 MB.
        return new Content.InMemory(data);
    }
}
