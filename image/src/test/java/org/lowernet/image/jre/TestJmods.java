package org.lowernet.image.jre;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.classfile.ClassFile;
import java.lang.classfile.attribute.ModuleAttribute;
import java.lang.classfile.attribute.ModuleTargetAttribute;
import java.lang.constant.ModuleDesc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Small jmods made on the spot with the host JDK's own tools, for tests that must not need a download. */
public final class TestJmods {

    private TestJmods() {
    }

    /**
     * A {@code java.base.jmod} that holds only a module descriptor of the given version and platform:
     * enough to be read, never to be linked. A null version leaves the version out.
     */
    public static byte[] fakeJavaBase(String version, String platform) throws IOException {
        byte[] moduleInfo = ClassFile.of().buildModule(
                ModuleAttribute.of(ModuleDesc.of("java.base"), module -> {
                    if (version != null) {
                        module.moduleVersion(version);
                    }
                }),
                cls -> cls.with(ModuleTargetAttribute.of(platform)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {'J', 'M', 1, 0}); // jmod magic and format version 1.0, then a zip
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("classes/module-info.class"));
            zip.write(moduleInfo);
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    /**
     * A real module {@code name} made with the host's {@code javac} and {@code jmod create}, whose
     * native parts are laid out as Debian's jmods lay them out: {@code lib/lib<name>.so} beside
     * {@code lib/lib<name>.debuginfo}, {@code bin/<name>} beside {@code bin/<name>.debuginfo}. Its
     * module version is 1.0.
     *
     * @return the folder holding {@code <name>.jmod}
     */
    public static Path moduleWithDebugInfo(Path dir, String name) throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path libs = Files.createDirectories(dir.resolve("libs"));
        Path cmds = Files.createDirectories(dir.resolve("cmds"));
        Path jmods = Files.createDirectories(dir.resolve("jmods"));
        Files.writeString(src.resolve("module-info.java"), "module " + name + " { }\n");
        Files.writeString(libs.resolve("lib" + name + ".so"), "not really a library\n");
        Files.writeString(libs.resolve("lib" + name + ".debuginfo"), "debug info\n");
        Files.writeString(cmds.resolve(name), "#!/bin/sh\n");
        Files.writeString(cmds.resolve(name + ".debuginfo"), "debug info\n");
        tool("javac", "-d", classes.toString(), src.resolve("module-info.java").toString());
        tool("jmod", "create", "--module-version", "1.0", "--class-path", classes.toString(), "--libs", libs.toString(),
                "--cmds", cmds.toString(), jmods.resolve(name + ".jmod").toString());
        return jmods;
    }

    private static void tool(String name, String... args) {
        StringWriter log = new StringWriter();
        PrintWriter writer = new PrintWriter(log);
        int code = ToolProvider.findFirst(name).orElseThrow().run(writer, writer, args);
        if (code != 0) {
            throw new IllegalStateException(name + " " + List.of(args) + " failed: " + log);
        }
    }
}
