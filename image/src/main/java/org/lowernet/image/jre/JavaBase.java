package org.lowernet.image.jre;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.module.ModuleDescriptor;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What a set of jmods is, read from its {@code java.base.jmod}: the module version that jlink itself
 * compares with its own, and the platform the native code is built for.
 *
 * <p>The module descriptor is the one source that holds for any jmods (Debian's, Adoptium's, a local
 * build): the Debian package version ({@code 25.0.5+8-1~deb13u1}) says the same only by convention, and
 * the JDK's {@code release} file is not inside the jmods at all.
 *
 * @param version  java.base's module version, e.g. {@code 25.0.5}
 * @param platform the {@code ModuleTarget} platform, e.g. {@code linux-aarch64}, or "unknown"
 */
public record JavaBase(Runtime.Version version, String platform) {

    /**
     * Where a jmod keeps the module descriptor. A jmod is "JM", a format version, then a zip archive (JDK
     * {@code jdk.internal.jmod.JmodFile}); {@link ZipFile} reads past the four-byte header.
     */
    private static final String MODULE_INFO = "classes/module-info.class";

    /** Reads {@code java.base.jmod}'s {@code module-info.class}. */
    public static JavaBase read(Path jmod) throws IOException {
        if (!Files.isRegularFile(jmod)) {
            throw new JreException("no " + jmod.getFileName() + " in " + jmod.getParent()
                    + ": the JDK package carries no jmods");
        }
        byte[] bytes;
        try (ZipFile zip = new ZipFile(jmod.toFile())) {
            ZipEntry entry = zip.getEntry(MODULE_INFO);
            if (entry == null) {
                throw new JreException("reading the target JDK's version: " + jmod + " has no " + MODULE_INFO);
            }
            try (InputStream in = zip.getInputStream(entry)) {
                bytes = in.readAllBytes();
            }
        }
        ModuleDescriptor descriptor = ModuleDescriptor.read(ByteBuffer.wrap(bytes));
        String raw = descriptor.rawVersion().orElseThrow(() -> new JreException(
                "reading the target JDK's version: " + jmod + " names no module version"));
        String platform = ClassFile.of().parse(bytes).findAttribute(Attributes.moduleTarget())
                .map(target -> target.targetPlatform().stringValue()).orElse("unknown");
        try {
            return new JavaBase(parseVersion(raw), platform);
        } catch (IllegalArgumentException e) {
            throw new JreException("reading the target JDK's version: " + jmod + " has module version '" + raw
                    + "', which is not a Java version (" + e.getMessage() + ")");
        }
    }

    /** Runtime.Version refuses trailing zero elements ("1.0", "25.0.0+8"), which a version string may have. */
    static Runtime.Version parseVersion(String raw) {
        return Runtime.Version.parse(raw.replaceFirst("^([0-9]+(?:\\.[0-9]+)*?)(?:\\.0)+(?=$|[-+])", "$1"));
    }
}
