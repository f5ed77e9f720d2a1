package org.lowernet.runtime.prefix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lowernet.runtime.ip.Cidr;

class PrefixStoreTest {

    @TempDir
    Path root;

    @Test
    void aWrittenPrefixIsReadBackFromItsPlaceOnData() throws IOException {
        PrefixStore store = PrefixStore.below(root);
        assertEquals(Optional.empty(), store.read(), "none before the first choice");
        store.write(Cidr.parse("10.77.3.0/24"));
        store.write(Cidr.parse("10.77.9.0/24"));
        assertEquals("10.77.9.0/24\n", Files.readString(root.resolve("data/lowernet/mesh/prefix")));
        assertEquals(Optional.of(Cidr.parse("10.77.9.0/24")), PrefixStore.below(root).read());
        try (var files = Files.list(root.resolve("data/lowernet/mesh"))) {
            assertEquals(List.of(root.resolve("data/lowernet/mesh/prefix")), files.toList(), "no temporary file left");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.77.3.0", "10.77.3.1/24", "10.77.3.0/33", "fd00::/64", "garbage\0\1\2",
            "10.77.3.0/24 10.77.4.0/24", "010.77.3.0/24x"})
    void aCorruptFileIsIgnoredAndTheNextWriteReplacesIt(String content) throws IOException {
        Path file = root.resolve(PrefixStore.FILE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        PrefixStore store = new PrefixStore(file);
        assertEquals(Optional.empty(), store.read());
        store.write(Cidr.parse("10.77.5.0/24"));
        assertEquals(Optional.of(Cidr.parse("10.77.5.0/24")), store.read());
    }
}
