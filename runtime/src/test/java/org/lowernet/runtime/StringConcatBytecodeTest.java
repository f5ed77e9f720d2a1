package org.lowernet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.constant.ClassDesc;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.lowernet.runtime.board.Board;

/**
 * The runtime's and the common module's classes concatenate strings without invokedynamic (the parent pom's
 * {@code -XDstringConcat=inline}). Each indy concatenation shape makes the JVM spin a hidden class at every start,
 * through the ClassFile API, and a static CDS archive (runtime.classdata) keeps none of them: on QEMU and a Pi that
 * is start time and memory spent again on every boot.
 */
class StringConcatBytecodeTest {

    private static final ClassDesc STRING_CONCAT_FACTORY = ClassDesc.of("java.lang.invoke.StringConcatFactory");

    @Test
    void runtimeAndCommonClassesHaveNoIndyStringConcatenation() throws IOException, URISyntaxException {
        List<byte[]> classes = new ArrayList<>();
        for (Class<?> module : List.of(Main.class, Board.class)) {
            Path location = Path.of(module.getProtectionDomain().getCodeSource().getLocation().toURI());
            // The common module is a folder of classes in a reactor build, its jar when the runtime is built alone.
            if (Files.isDirectory(location)) {
                addClasses(location, classes);
            } else {
                try (FileSystem jar = FileSystems.newFileSystem(location)) {
                    addClasses(jar.getPath("/"), classes);
                }
            }
        }
        assertTrue(classes.size() > 100, "found only " + classes.size() + " classes");

        List<String> concatenating = new ArrayList<>();
        for (byte[] file : classes) {
            ClassModel model = ClassFile.of().parse(file);
            for (MethodModel method : model.methods()) {
                boolean indy = method.code().stream().flatMap(code -> code.elementStream())
                        .anyMatch(e -> e instanceof InvokeDynamicInstruction i
                                && i.bootstrapMethod().owner().equals(STRING_CONCAT_FACTORY));
                if (indy) {
                    concatenating.add(model.thisClass().asInternalName() + "." + method.methodName().stringValue());
                }
            }
        }
        assertEquals(List.of(), concatenating.stream().limit(10).toList(), concatenating.size()
                + " methods concatenate strings through invokedynamic (-XDstringConcat=inline missing?); the first ten");
    }

    private static void addClasses(Path root, List<byte[]> classes) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                classes.add(Files.readAllBytes(file));
            }
        }
    }
}
