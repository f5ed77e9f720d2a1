package org.lowernet.image.deb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** Builds small synthetic .deb files the way dpkg-deb lays them out, for tests. */
public final class DebBuilder {

    private final List<TarArchiveEntry> entries = new ArrayList<>();
    private final List<byte[]> contents = new ArrayList<>();
    private String dataCompression = "xz";

    public DebBuilder dir(String path, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(path.endsWith("/") ? path : path + "/");
        e.setMode(040000 | mode);
        return add(e, new byte[0]);
    }

    public DebBuilder file(String path, int mode, String text) {
        return file(path, mode, text.getBytes(StandardCharsets.UTF_8));
    }

    public DebBuilder file(String path, int mode, byte[] data) {
        TarArchiveEntry e = new TarArchiveEntry(path);
        e.setMode(0100000 | mode);
        e.setSize(data.length);
        return add(e, data);
    }

    public DebBuilder symlink(String path, String target) {
        TarArchiveEntry e = new TarArchiveEntry(path, TarConstants.LF_SYMLINK);
        e.setLinkName(target);
        e.setMode(0120777);
        return add(e, new byte[0]);
    }

    public DebBuilder hardLink(String path, String target) {
        TarArchiveEntry e = new TarArchiveEntry(path, TarConstants.LF_LINK);
        e.setLinkName(target);
        e.setMode(0100644);
        return add(e, new byte[0]);
    }

    /** "xz", "gz", "zst" (a fake member name, to test the refusal) or "" for none. */
    public DebBuilder dataCompression(String suffix) {
        this.dataCompression = suffix;
        return this;
    }

    private DebBuilder add(TarArchiveEntry entry, byte[] data) {
        entry.setUserId(0);
        entry.setGroupId(0);
        entries.add(entry);
        contents.add(data);
        return this;
    }

    public byte[] build(String pkg, String version) throws IOException {
        TarArchiveEntry control = new TarArchiveEntry("./control");
        byte[] controlText = ("Package: " + pkg + "\nVersion: " + version + "\nArchitecture: arm64\n"
                + "Description: test package\n long description line\n").getBytes(StandardCharsets.UTF_8);
        control.setSize(controlText.length);
        control.setMode(0100644);
        byte[] controlTar = compress("gz", tar(List.of(control), List.of(controlText)));
        byte[] dataTar = compress(dataCompression, tar(entries, contents));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArArchiveOutputStream ar = new ArArchiveOutputStream(out)) {
            member(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
            member(ar, "control.tar.gz", controlTar);
            member(ar, "data.tar" + (dataCompression.isEmpty() ? "" : "." + dataCompression), dataTar);
        }
        return out.toByteArray();
    }

    private static void member(ArArchiveOutputStream ar, String name, byte[] data) throws IOException {
        ar.putArchiveEntry(new ArArchiveEntry(name, data.length, 0, 0, 0100644, 0));
        ar.write(data);
        ar.closeArchiveEntry();
    }

    private static byte[] tar(List<TarArchiveEntry> entries, List<byte[]> contents) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
            for (int i = 0; i < entries.size(); i++) {
                tar.putArchiveEntry(entries.get(i));
                tar.write(contents.get(i));
                tar.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }

    private static byte[] compress(String suffix, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputStream stream = switch (suffix) {
            case "xz" -> new XZOutputStream(out, new LZMA2Options(0));
            case "gz" -> new GZIPOutputStream(out);
            case "zst", "" -> out; // zst: content never read, the name alone is refused
            default -> throw new IllegalArgumentException(suffix);
        };
        try (stream) {
            stream.write(data);
        }
        return out.toByteArray();
    }
}
