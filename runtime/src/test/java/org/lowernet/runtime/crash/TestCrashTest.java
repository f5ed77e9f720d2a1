package org.lowernet.runtime.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test-only switch on the kernel command line. */
class TestCrashTest {

    @TempDir
    Path root;

    private Optional<TestCrash> cmdline(String line) throws Exception {
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/cmdline"), line);
        return TestCrash.read(root);
    }

    @Test
    void readsTheSwitchAmongTheKernelsArguments() throws Exception {
        assertEquals(Optional.empty(), TestCrash.read(root), "no /proc/cmdline");
        assertEquals(Optional.empty(), cmdline("console=ttyAMA0 net.ifnames=0 panic=10\n"));
        assertEquals(Optional.of(TestCrash.START), cmdline("console=ttyAMA0 lowernet.test.crash=start panic=10\n"));
        assertEquals(Optional.of(TestCrash.OOM), cmdline("lowernet.test.crash=start lowernet.test.crash=oom"),
                "the last one wins, as the kernel's own parameters");
        assertEquals(Optional.empty(), cmdline("lowernet.test.crash=reboot"), "unknown: said and ignored");
        assertEquals(Optional.empty(), cmdline("xlowernet.test.crash=start"));
    }

    @Test
    void startFailsAtOnce() {
        IllegalStateException e = assertThrows(IllegalStateException.class, TestCrash.START::now);
        assertTrue(e.getMessage().contains("lowernet.test.crash=start"), e.getMessage());
    }
}
