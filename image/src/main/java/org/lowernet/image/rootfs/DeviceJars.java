package org.lowernet.image.rootfs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;

/**
 * Jars as the device runs them, without what it never uses:
 * <ul>
 * <li>Their signature. The JVM verifies a signed jar on the class path at every start, parsing its certificates and
 * checking each class against its digest; for Paho's jar that loads ~800 classes more (PKCS#7, X.509, RSA: 1,382
 * against 581 to load one class, host JDK 25), which then stay in RAM for the runtime's life. On the device the
 * signature proves nothing: the build took the jar from a Maven repository whose checksums it checks.
 * <li>Native libraries for other machines (JNA carries 27 platforms' in 5 MiB). A library is kept when its ELF header
 * says 64-bit little-endian AArch64; the header cannot tell Linux from FreeBSD, so JNA's freebsd-aarch64 one stays.
 * </ul>
 * Every other entry is kept, in order, with its bytes, but stored instead of deflated: equal input gives equal bytes
 * on any host (no zlib in play), and the system's squashfs compresses them anyway. A jar with nothing to drop is
 * laid as it is.
 */
public final class DeviceJars {

    /** The JAR File Specification's signature files: signature files and their signature block files. */
    private static final Pattern SIGNATURE = Pattern.compile("META-INF/([^/]+\\.(SF|RSA|DSA|EC)|SIG-[^/]+)",
            Pattern.CASE_INSENSITIVE);
    /** Shared libraries and archives as JNA, Pi4J and others name them in their jars. */
    private static final Pattern NATIVE = Pattern.compile(".*\\.(so(\\.[0-9.]+)?|dll|dylib|jnilib|a)");
    private static final int EM_AARCH64 = 183;

    /** What a jar loses on the device. */
    public record Dropped(boolean signature, int nativeLibraries, long nativeBytes) {

        public boolean any() {
            return signature || nativeLibraries > 0;
        }

        /** "its signature and 26 native libraries for other machines (5.0 MiB)", for messages and the SBOM. */
        public String describe() {
            List<String> parts = new ArrayList<>();
            if (signature) {
                parts.add("its signature");
            }
            if (nativeLibraries > 0) {
                parts.add(String.format(java.util.Locale.ROOT, "%d native librar%s for other machines (%.1f MiB)",
                        nativeLibraries, nativeLibraries == 1 ? "y" : "ies", nativeBytes / 1048576.0));
            }
            return String.join(" and ", parts);
        }
    }

    private DeviceJars() {
    }

    /** What {@link #forDevice} would drop from {@code jar}. */
    public static Dropped dropped(Content jar) throws IOException {
        return rewrite(jar, null);
    }

    /** {@code jar} without what the device never uses, every entry stored; empty when there is nothing to drop. */
    public static Optional<Content> forDevice(Content jar) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Dropped dropped;
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            dropped = rewrite(jar, out);
        }
        return dropped.any() ? Optional.of(Content.of(bytes.toByteArray())) : Optional.empty();
    }

    /**
     * Replaces every {@code *.jar} in {@code tree} that has something to drop by its {@link #forDevice} form;
     * returns each one's path with what it lost.
     */
    public static List<String> trimAll(FileTree tree) throws IOException {
        List<String> trimmed = new ArrayList<>();
        for (Map.Entry<String, Node> entry : List.copyOf(tree.entries().entrySet())) {
            if (entry.getKey().endsWith(".jar") && entry.getValue() instanceof Node.RegularFile file) {
                Dropped dropped = dropped(file.content());
                if (dropped.any()) {
                    trimmed.add(entry.getKey() + " without " + dropped.describe());
                    tree.replace(entry.getKey(), new Node.RegularFile(file.mode(), forDevice(file.content()).orElseThrow()));
                }
            }
        }
        return trimmed;
    }

    /** Reads {@code jar}, writing what the device keeps to {@code out} when there is one; what it drops. */
    private static Dropped rewrite(Content jar, ZipOutputStream out) throws IOException {
        boolean signature = false;
        int natives = 0;
        long nativeBytes = 0;
        try (ZipInputStream in = new ZipInputStream(jar.open())) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                byte[] data = in.readAllBytes();
                if (SIGNATURE.matcher(entry.getName()).matches()) {
                    signature = true;
                } else if (NATIVE.matcher(entry.getName()).matches() && !arm64Elf(data)) {
                    natives++;
                    nativeBytes += data.length;
                } else if (out != null) {
                    store(entry, data, out);
                }
            }
        }
        return new Dropped(signature, natives, nativeBytes);
    }

    private static boolean arm64Elf(byte[] data) {
        if (data.length < 20 || data[0] != 0x7f || data[1] != 'E' || data[2] != 'L' || data[3] != 'F') {
            return false;
        }
        // EI_CLASS 2 (64-bit), EI_DATA 1 (little-endian), then e_machine at offset 18.
        return data[4] == 2 && data[5] == 1
                && ByteBuffer.wrap(data, 18, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() == EM_AARCH64;
    }

    private static void store(ZipEntry entry, byte[] data, ZipOutputStream out) throws IOException {
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
