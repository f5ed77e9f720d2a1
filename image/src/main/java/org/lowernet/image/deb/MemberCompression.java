package org.lowernet.image.deb;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/** Opens a {@code control.tar*} or {@code data.tar*} member by its suffix, as deb(5) names them. */
final class MemberCompression {

    private static final int BUFFER = 1 << 16;

    private MemberCompression() {
    }

    /** True for members named "&lt;base&gt;.tar" with or without a compression suffix. */
    static boolean isTar(String member, String base) {
        return member.equals(base + ".tar") || member.startsWith(base + ".tar.");
    }

    static InputStream open(String member, InputStream raw, String where) throws IOException {
        InputStream in = new BufferedInputStream(raw, BUFFER);
        String suffix = member.substring(member.indexOf(".tar") + ".tar".length());
        return switch (suffix) {
            case "" -> in;
            case ".xz" -> new XZInputStream(in);
            case ".gz" -> new GZIPInputStream(in, BUFFER);
            case ".zst" -> throw new IOException(where + ": member " + member
                    + " is zstd-compressed, which lowernet cannot read (no pure-Java zstd decoder is a"
                    + " dependency); use a package built with xz (Debian's archive default) or repack it");
            default -> throw new IOException(where + ": member " + member + " uses compression '"
                    + suffix.substring(1) + "', which is not supported; only none, xz and gzip are");
        };
    }
}
