package org.lowernet.image.rootfs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;

/**
 * Signed jars as the device runs them: without their signature. The JVM verifies a signed jar on the class path at
 * every start, parsing its certificates and checking each class against its digest; for Paho's jar that loads ~800
 * classes more (PKCS#7, X.509, RSA: 1,382 against 581 to load one class, host JDK 25), which then stay in RAM for
 * the runtime's life. On the device the signature proves nothing: the build took the jar from a Maven repository
 * whose checksums it checks. Every other entry is kept, in order, with its bytes, but stored instead of deflated:
 * equal input gives equal bytes on any host (no zlib in play), and the system's squashfs compresses them anyway.
 */
public final class UnsignedJars {

    /** The JAR File Specification's signature files: signature files and their signature block files. */
    private static final Pattern SIGNATURE = Pattern.compile("META-INF/([^/]+\\.(SF|RSA|DSA|EC)|SIG-[^/]+)",
            Pattern.CASE_INSENSITIVE);

    private UnsignedJars() {
    }

    /** Whether {@code jar} has a signature file. */
    public static boolean signed(Content jar) throws IOException {
        try (ZipInputStream in = new ZipInputStream(jar.open())) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                if (SIGNATURE.matcher(entry.getName()).matches()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code jar} without its signature files, every entry stored. */
    public static Content unsigned(Content jar) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(jar.open()); ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                if (SIGNATURE.matcher(entry.getName()).matches()) {
                    continue;
                }
                byte[] data = in.readAllBytes();
                CRC32 crc = new CRC32();
                crc.update(data);
                ZipEntry stored = new ZipEntry(entry.getName());
                stored.setMethod(ZipEntry.STORED);
                stored.setSize(data.length);
                stored.setCompressedSize(data.length);
                stored.setCrc(crc.getValue());
                // The entry's own date and time as written (not through this host's time zone).
                stored.setTimeLocal(entry.getTimeLocal());
                out.putNextEntry(stored);
                out.write(data);
                out.closeEntry();
            }
        }
        return Content.of(bytes.toByteArray());
    }

    /** Replaces every signed {@code *.jar} in {@code tree} by its {@link #unsigned} form; returns their paths. */
    public static List<String> unsignAll(FileTree tree) throws IOException {
        List<String> replaced = new ArrayList<>();
        for (Map.Entry<String, Node> entry : List.copyOf(tree.entries().entrySet())) {
            if (entry.getKey().endsWith(".jar") && entry.getValue() instanceof Node.RegularFile file
                    && signed(file.content())) {
                tree.replace(entry.getKey(), new Node.RegularFile(file.mode(), unsigned(file.content())));
                replaced.add(entry.getKey());
            }
        }
        return replaced;
    }
}
