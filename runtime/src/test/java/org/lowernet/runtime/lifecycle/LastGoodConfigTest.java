package org.lowernet.runtime.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LastGoodConfigTest {

    @TempDir
    Path root;

    private LoadedConfig valid(String text) throws IOException {
        Path file = Files.writeString(Files.createDirectories(root.resolve("boot")).resolve("lowernet.conf"), text);
        return LoadedConfig.load(file, root.resolve(LastGoodConfig.FILE));
    }

    @Test
    void aHealthyValidConfigIsSavedOnceAndAgainOnlyWhenItChanges() throws IOException {
        LastGoodConfig first = new LastGoodConfig(root, valid("node.name = infoshop-1\n"), Duration.ofMinutes(5), () -> true);
        assertTrue(first.save());
        assertEquals("node.name = infoshop-1\n", Files.readString(root.resolve(LastGoodConfig.FILE)));
        assertFalse(first.save(), "the same config is not written again");

        LastGoodConfig second = new LastGoodConfig(root, valid("node.name = infoshop-2\n"), Duration.ofMinutes(5), () -> true);
        assertTrue(second.save());
        assertEquals("node.name = infoshop-2\n", Files.readString(root.resolve(LastGoodConfig.FILE)));
    }

    @Test
    void anUnhealthyRouterSavesNothing() throws IOException {
        LastGoodConfig config = new LastGoodConfig(root, valid("node.name = infoshop-1\n"), Duration.ofMinutes(5), () -> false);
        assertFalse(config.save());
        assertFalse(Files.exists(root.resolve(LastGoodConfig.FILE)));
    }

    @Test
    void theTimerSavesAfterGoodAfterAndAStopBeforeItSavesNothing() throws Exception {
        AtomicBoolean asked = new AtomicBoolean();
        LastGoodConfig soon = new LastGoodConfig(root, valid("node.name = soon\n"), Duration.ofMillis(50), () -> {
            asked.set(true);
            return true;
        });
        soon.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(root.resolve(LastGoodConfig.FILE)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        soon.stop();
        assertTrue(asked.get(), "health is checked when the time has come");
        assertEquals("node.name = soon\n", Files.readString(root.resolve(LastGoodConfig.FILE)));

        LastGoodConfig late = new LastGoodConfig(root, valid("node.name = late\n"), Duration.ofHours(1), () -> true);
        late.start();
        late.stop();
        assertEquals("node.name = soon\n", Files.readString(root.resolve(LastGoodConfig.FILE)));
    }

    @Test
    void aFallbackIsNeverSaved() throws Exception {
        Path file = Files.writeString(Files.createDirectories(root.resolve("boot")).resolve("lowernet.conf"), "lan.address = 10.0.0.0/8\n");
        LastGoodConfig config = new LastGoodConfig(root, LoadedConfig.load(file, root.resolve(LastGoodConfig.FILE)),
                Duration.ofMillis(1), () -> true);
        config.start();
        config.stop();
        assertFalse(Files.exists(root.resolve(LastGoodConfig.FILE)));
    }
}
