package org.lowernet.image.deb;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.lowernet.image.tree.FileTree;

/**
 * One {@code .deb} file: an ar archive (deb(5)) holding {@code debian-binary} ("2.0\n"), then
 * {@code control.tar[.xz|.gz]}, then {@code data.tar[.xz|.gz]}.
 */
public final class DebArchive {

    /** deb(5): the first member, whose content starts with the format version. */
    static final String DEBIAN_BINARY = "debian-binary";
    static final String FORMAT_VERSION_PREFIX = "2.";
    static final String CONTROL = "control";
    static final String DATA = "data";
    private static final String CONTROL_FILE = "control";

    private DebArchive() {
    }

    /**
     * Adds the package's files to {@code into} and returns its control fields. {@code include} sees each
     * path after usr-merge canonicalization ("bin/sh" is tested as "usr/bin/sh"); file contents are read
     * into memory only for included paths. A path {@code into} already holds is refused unless both are
     * directories. Top-level merge links are in {@code into} only if the package ships them.
     */
    public static DebControl unpack(Path deb, Predicate<String> include, FileTree into) throws IOException {
        return read(deb, new DataTar(include, into, deb.toString()));
    }

    /** {@link #unpack}, then the top-level merge links {@code into} lacks are added. */
    public static DebControl extract(Path deb, Predicate<String> include, FileTree into) throws IOException {
        DebControl control = unpack(deb, include, into);
        UsrMerge.addLinks(into);
        return control;
    }

    /** Only the control fields ({@code Package}, {@code Version}, ...); data.tar is not read. */
    public static DebControl control(Path deb) throws IOException {
        return read(deb, null);
    }

    private static DebControl read(Path deb, DataTar data) throws IOException {
        String where = deb.toString();
        try (InputStream file = new BufferedInputStream(Files.newInputStream(deb));
                ArArchiveInputStream ar = new ArArchiveInputStream(file)) {
            checkFormat(ar, where);
            DebControl control = null;
            ArArchiveEntry member;
            while ((member = ar.getNextEntry()) != null) {
                String name = member.getName();
                if (MemberCompression.isTar(name, CONTROL)) {
                    control = readControl(MemberCompression.open(name, ar, where), where + ":" + name);
                } else if (MemberCompression.isTar(name, DATA)) {
                    if (control == null) {
                        throw new IOException(where + ": " + name + " comes before control.tar; not a valid .deb");
                    }
                    if (data != null) {
                        data.extract(MemberCompression.open(name, ar, where));
                    }
                    return control;
                }
            }
            throw new EOFException(where + ": no " + (control == null ? "control.tar" : "data.tar")
                    + " member found; the file is truncated or not a Debian package");
        } catch (IOException | RuntimeException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(where)) {
                throw e;
            }
            throw new IOException("reading Debian package " + where + ": " + e
                    + " (the file is truncated or corrupt; download it again and check its sha256)", e);
        }
    }

    private static void checkFormat(ArArchiveInputStream ar, String where) throws IOException {
        ArArchiveEntry first = ar.getNextEntry();
        if (first == null || !first.getName().equals(DEBIAN_BINARY)) {
            throw new IOException(where + ": first ar member is " + (first == null ? "missing" : first.getName())
                    + ", not " + DEBIAN_BINARY + "; not a Debian package");
        }
        String version = new String(ar.readAllBytes(), StandardCharsets.US_ASCII).strip();
        if (!version.startsWith(FORMAT_VERSION_PREFIX)) {
            throw new IOException(where + ": package format " + version + " is not 2.x; not supported");
        }
    }

    private static DebControl readControl(InputStream tarStream, String where) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(tarStream);
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            if (FileTree.normalize(entry.getName()).equals(CONTROL_FILE) && entry.isFile()) {
                return DebControl.parse(new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        throw new IOException(where + ": has no ./control file; not a valid Debian package");
    }
}
