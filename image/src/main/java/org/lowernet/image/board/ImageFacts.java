package org.lowernet.image.board;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.lowernet.image.debian.Distribution;
import org.lowernet.runtime.board.BoardFiles;
import org.lowernet.runtime.config.Key;
import org.lowernet.runtime.config.KeySchema;
import org.lowernet.runtime.config.Settings;
import org.lowernet.runtime.config.ValueType;
import org.lowernet.runtime.config.ValueTypes;
import org.lowernet.runtime.config.ValueTypes.Separator;

/**
 * What every image is built from and how it presents itself, whichever boards it serves:
 * {@code board/common/image.conf}, read by the board.conf reader (every key checked, errors with line).
 *
 * @param debian            the Debian suites, components and architecture every package comes from
 * @param kernel            the part the kernel, its modules and the DTBs come from (a metapackage is followed)
 * @param firmware          the part holding the Pi's boot firmware
 * @param jdk               the part whose jmods the image's JRE is linked from
 * @param imagerDescription the image's description in Raspberry Pi Imager's list
 */
public record ImageFacts(Distribution debian, String kernel, String firmware, String jdk, String imagerDescription) {

    public static final String FILE = "image.conf";

    private static final ValueType<String> WORD = ValueTypes.word("word", "[a-z0-9][a-z0-9-]*",
            "a lowercase word such as trixie, main or arm64");
    private static final ValueType<String> PACKAGE = ValueTypes.word("Debian package", "[a-z0-9][a-z0-9+.-]+",
            "a Debian package name such as linux-image-arm64 (Debian policy 5.6.1)");

    static final Key<List<String>> SUITES = Key.optional("debian.suites",
            ValueTypes.listOf(WORD, "suites", Separator.SPACE, 1, 8), "required",
            "The Debian suites packages come from: the release's codename first, then e.g. its -updates and"
                    + " -security suites (a -security suite is read from the security archive).",
            "trixie trixie-updates trixie-security");
    static final Key<List<String>> COMPONENTS = Key.optional("debian.components",
            ValueTypes.listOf(WORD, "archive components", Separator.SPACE, 1, 8), "required",
            "The archive components searched, in order.", "main non-free-firmware");
    static final Key<String> ARCHITECTURE = Key.optional("debian.architecture", WORD, "required",
            "The Debian architecture of every package.", "arm64");
    static final Key<String> KERNEL = Key.optional("parts.kernel", PACKAGE, "required",
            "The package of the kernel, its modules and DTBs.", "linux-image-arm64");
    static final Key<String> FIRMWARE = Key.optional("parts.firmware", PACKAGE, "required",
            "The package of the Pi's boot firmware.", "raspi-firmware");
    static final Key<String> JDK = Key.optional("parts.jdk", PACKAGE, "required",
            "The package whose jmods the JRE is linked from.", "openjdk-25-jdk-headless");
    static final Key<String> IMAGER_DESCRIPTION = Key.optional("imager.description",
            ValueTypes.word("text", "\\P{Cntrl}+", "text on one line"), "required",
            "The image's description in Raspberry Pi Imager.", "Router for neighbourhood networks");
    private static final List<Key<?>> KEYS = List.of(SUITES, COMPONENTS, ARCHITECTURE, KERNEL, FIRMWARE, JDK,
            IMAGER_DESCRIPTION);
    private static final KeySchema SCHEMA = new KeySchema("board/README.md", false, KEYS);

    /** Reads {@code file}; every error, with its line, is in one BoardException. */
    public static ImageFacts read(Path file) throws IOException {
        Settings settings = BoardFiles.read(file, SCHEMA, KEYS, s -> { });
        return new ImageFacts(new Distribution(settings.required(SUITES), settings.required(COMPONENTS),
                settings.required(ARCHITECTURE)), settings.required(KERNEL), settings.required(FIRMWARE),
                settings.required(JDK), settings.required(IMAGER_DESCRIPTION));
    }

    /** The packages the build takes files out of, without their dependencies. */
    public List<String> parts() {
        return List.of(kernel, firmware, jdk);
    }
}
