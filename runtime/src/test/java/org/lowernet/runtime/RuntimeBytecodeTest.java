package org.lowernet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.MemberRefEntry;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.constant.ClassDesc;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lowernet.runtime.board.Board;

/**
 * What the runtime's and the common module's classes must not do because of what it costs every start on QEMU and a
 * Pi, where the JVM runs this code interpreted at first.
 */
class RuntimeBytecodeTest {

    private static final ClassDesc STRING_CONCAT_FACTORY = ClassDesc.of("java.lang.invoke.StringConcatFactory");
    /** Duration's methods that compute through BigDecimal. */
    private static final Set<String> DURATION_VIA_BIG_DECIMAL = Set.of("multipliedBy", "dividedBy");

    private static List<ClassModel> classes;

    @BeforeAll
    static void readClasses() throws IOException, URISyntaxException {
        List<ClassModel> read = new ArrayList<>();
        for (Class<?> module : List.of(Main.class, Board.class)) {
            Path location = Path.of(module.getProtectionDomain().getCodeSource().getLocation().toURI());
            // The common module is a folder of classes in a reactor build, its jar when the runtime is built alone.
            if (Files.isDirectory(location)) {
                addClasses(location, read);
            } else {
                try (FileSystem jar = FileSystems.newFileSystem(location)) {
                    addClasses(jar.getPath("/"), read);
                }
            }
        }
        assertTrue(read.size() > 100, "found only " + read.size() + " classes");
        classes = List.copyOf(read);
    }

    /**
     * Strings are concatenated without invokedynamic (the parent pom's {@code -XDstringConcat=inline}). Each indy
     * concatenation shape makes the JVM spin a hidden class at every start, through the ClassFile API, and a static
     * CDS archive (runtime.classdata) keeps none of them.
     */
    @Test
    void noStringConcatenationThroughInvokedynamic() {
        List<String> concatenating = new ArrayList<>();
        for (ClassModel model : classes) {
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

    /**
     * Nothing uses BigDecimal, directly or through {@code Duration.multipliedBy} and {@code dividedBy}: its class
     * initializer computes 5^65536 (JDK 25), which took the runtime's start on QEMU virt about a second (a JFR profile
     * of a boot). Doubling and halving durations take plain arithmetic.
     */
    @Test
    void nothingReachesForBigDecimal() {
        List<String> users = new ArrayList<>();
        for (ClassModel model : classes) {
            boolean uses = StreamSupport.stream(model.constantPool().spliterator(), false).anyMatch(entry ->
                    entry instanceof ClassEntry c && c.asInternalName().equals("java/math/BigDecimal")
                            || entry instanceof MemberRefEntry m && m.owner().asInternalName().equals("java/time/Duration")
                                    && DURATION_VIA_BIG_DECIMAL.contains(m.name().stringValue()));
            if (uses) {
                users.add(model.thisClass().asInternalName());
            }
        }
        assertEquals(List.of(), users, "these classes use BigDecimal or Duration.multipliedBy/dividedBy");
    }

    private static void addClasses(Path root, List<ClassModel> classes) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                classes.add(ClassFile.of().parse(Files.readAllBytes(file)));
            }
        }
    }
}
