package org.lowernet.image.rootfs;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;

/**
 * Whether every dynamically linked program and library in a root finds what the loader will look for:
 * its interpreter, and each library it links in its RUNPATH ({@code $ORIGIN}: its own folder) or in the
 * loader's default folders (the image runs no ldconfig, so there is no ld.so.cache). A package left out
 * of the root (board/common/packages-not-followed) that a kept program links is caught when the image is
 * built, not when the device starts the program. Libraries a program opens with dlopen (PAM modules, NSS
 * plugins) are not seen: none of the router's programs uses them.
 */
public final class LinkedLibraries {

    /** Debian's arm64 loader's default folders, as laid out with usr-merge (/lib is usr/lib). */
    public static final List<String> ARM64_FOLDERS = List.of("usr/lib/aarch64-linux-gnu", "usr/lib");

    /**
     * Linked by name but loaded by path before: the java launcher (libjli) opens lib/server/libjvm.so, so
     * libjava.so's link to libjvm.so is met although its RUNPATH ($ORIGIN) is lib/.
     */
    private static final Set<String> LOADED_BY_PATH = Set.of("libjvm.so");
    private static final int MAX_LINKS = 40;

    private LinkedLibraries() {
    }

    /** One sentence per link that is not met, in path order; empty when all are. */
    public static List<String> missing(FileTree root, List<String> defaultFolders) throws IOException {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Node> entry : root.entries().entrySet()) {
            if (!(entry.getValue() instanceof Node.RegularFile file)) {
                continue;
            }
            try (InputStream in = file.content().open()) {
                if (!ElfLinks.isElf(in.readNBytes(4))) {
                    continue;
                }
            }
            String path = entry.getKey();
            ElfLinks links;
            try {
                links = ElfLinks.read(file.content().bytes());
            } catch (IllegalArgumentException e) {
                missing.add(path + ": " + e.getMessage());
                continue;
            }
            links.interpreter().filter(interpreter -> resolve(root, interpreter).isEmpty())
                    .ifPresent(interpreter -> missing.add(path + " asks for the interpreter " + interpreter
                            + ", which is not in the root"));
            String folder = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
            for (String library : links.needed()) {
                List<String> folders = new ArrayList<>();
                links.runpath().forEach(r -> folders.add(r.replace("${ORIGIN}", "/" + folder).replace("$ORIGIN", "/" + folder)));
                defaultFolders.forEach(f -> folders.add("/" + f));
                boolean found = LOADED_BY_PATH.contains(library)
                        ? root.entries().keySet().stream().anyMatch(p -> p.endsWith("/" + library))
                        : folders.stream().anyMatch(f -> resolve(root, f + "/" + library).isPresent());
                if (!found) {
                    missing.add(path + " links " + library + ", which is in none of " + folders);
                }
            }
        }
        return missing;
    }

    /** The regular file a path names, following symlinks in any of its parts; empty when there is none. */
    static Optional<Node.RegularFile> resolve(FileTree root, String path) {
        return resolvePath(root, path, link -> { }).map(found -> (Node.RegularFile) root.get(found).orElseThrow());
    }

    /**
     * A few programs and all they need to start, taken out of {@code root}: the programs, their interpreter and the
     * libraries they link, transitively, each with every symlink passed on the way to it (so that the small root
     * resolves them as the big one does). For a root of a handful of programs, such as the boot's first stage.
     *
     * @throws IllegalArgumentException when a program or something it needs is not in {@code root}
     */
    public static FileTree closure(FileTree root, List<String> programs, List<String> defaultFolders) throws IOException {
        FileTree taken = new FileTree();
        java.util.Deque<String> wanted = new java.util.ArrayDeque<>(programs);
        Set<String> seen = new java.util.HashSet<>();
        while (!wanted.isEmpty()) {
            String path = wanted.pop();
            if (!seen.add(path)) {
                continue;
            }
            String file = resolvePath(root, path, link -> taken.replace(link, root.get(link).orElseThrow()))
                    .orElseThrow(() -> new IllegalArgumentException(path + " is not in the root"));
            Node.RegularFile node = (Node.RegularFile) root.get(file).orElseThrow();
            taken.replace(file, node);
            try (InputStream in = node.content().open()) {
                if (!ElfLinks.isElf(in.readNBytes(4))) {
                    continue;
                }
            }
            ElfLinks links = ElfLinks.read(node.content().bytes());
            links.interpreter().ifPresent(wanted::add);
            for (String library : links.needed()) {
                wanted.add(defaultFolders.stream().map(folder -> folder + "/" + library)
                        .filter(candidate -> resolve(root, candidate).isPresent()).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(file + " links " + library
                                + ", which is in none of " + defaultFolders)));
            }
        }
        return taken;
    }

    /** The path of the regular file a path names, telling each symlink it follows; empty when there is none. */
    private static Optional<String> resolvePath(FileTree root, String path, java.util.function.Consumer<String> followed) {
        String current = clean(path);
        for (int links = 0; links <= MAX_LINKS; links++) {
            String[] parts = current.split("/");
            String prefix = "";
            String next = null;
            for (int i = 0; i < parts.length && next == null; i++) {
                prefix = prefix.isEmpty() ? parts[i] : prefix + "/" + parts[i];
                Optional<Node> node = root.get(prefix);
                if (node.isEmpty()) {
                    return Optional.empty();
                }
                if (node.get() instanceof Node.Symlink link) {
                    followed.accept(prefix);
                    String parent = prefix.contains("/") ? prefix.substring(0, prefix.lastIndexOf('/')) : "";
                    String target = link.target().startsWith("/") ? link.target() : parent + "/" + link.target();
                    String rest = String.join("/", java.util.Arrays.copyOfRange(parts, i + 1, parts.length));
                    next = clean(rest.isEmpty() ? target : target + "/" + rest);
                } else if (i == parts.length - 1) {
                    return node.get() instanceof Node.RegularFile ? Optional.of(prefix) : Optional.empty();
                }
            }
            current = next;
        }
        return Optional.empty();
    }

    /** A path from the root without ".", ".." or empty parts; ".." at the root stays at the root, as in the kernel. */
    private static String clean(String path) {
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.equals("..")) {
                parts.pollLast();
            } else if (!part.isEmpty() && !part.equals(".")) {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }
}
