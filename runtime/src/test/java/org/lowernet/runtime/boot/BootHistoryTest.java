package org.lowernet.runtime.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.events.Event;
import org.lowernet.runtime.events.EventType;

class BootHistoryTest {

    @TempDir
    Path root;

    private final List<Event> events = new ArrayList<>();

    /** Boots the "node" under {@link #root}: a new kernel boot id each time unless {@code bootId} is given. */
    private Boot boot(String bootId, boolean watchdogReset, ConsoleCapture console) throws IOException {
        Path id = Files.createDirectories(root.resolve("proc/sys/kernel/random")).resolve("boot_id");
        Files.writeString(id, bootId + "\n");
        BootHistory history = new BootHistory(root, Optional.ofNullable(console), () -> true, () -> watchdogReset,
                () -> "[    0.000000] Booting Linux\n", events::add);
        history.start();
        return history.boot();
    }

    private BootHistory started(String bootId) throws IOException {
        Files.writeString(Files.createDirectories(root.resolve("proc/sys/kernel/random")).resolve("boot_id"), bootId);
        BootHistory history = new BootHistory(root, Optional.empty(), () -> true, () -> false, () -> "", events::add);
        history.start();
        return history;
    }

    @Test
    void theFirstBootIsPowerThenACleanStopMakesTheNextClean() throws IOException {
        BootHistory first = started("a");
        assertEquals(new Boot(1, BootReason.POWER, "first boot of this card's data partition", false), first.boot());
        first.stop();
        Boot second = started("b").boot();
        assertEquals(2, second.count());
        assertEquals(BootReason.CLEAN, second.reason());
    }

    @Test
    void aBootWithoutACleanStopBeforeItIsAPowerCut() throws IOException {
        started("a");
        Boot second = started("b").boot();
        assertEquals(BootReason.POWER, second.reason());
        assertEquals("the previous boot ended without a clean stop: power cut or reset", second.detail());
    }

    @Test
    void theWatchdogsBootStatusOrNoteMakesAWatchdogBootAndTheNoteIsUsedOnce() throws IOException {
        started("a").stop();
        assertEquals(BootReason.WATCHDOG, boot("b", true, null).reason(), "even after a clean-looking record");
        Files.writeString(root.resolve(BootHistory.WATCHDOG_NOTE), "dnsmasq gave up\n");
        Boot third = boot("c", false, null);
        assertEquals(BootReason.WATCHDOG, third.reason());
        assertEquals("the watchdog reset the board: dnsmasq gave up", third.detail());
        assertFalse(Files.exists(root.resolve(BootHistory.WATCHDOG_NOTE)));
        assertEquals(BootReason.POWER, boot("d", false, null).reason());
    }

    @Test
    void aRuntimeRestartedWithinABootContinuesItAndSendsNoSecondBootEvent() throws IOException {
        Files.writeString(Files.createDirectories(root.resolve("data/lowernet")).resolve("watchdog-reason"), "frozen");
        assertEquals(BootReason.WATCHDOG, boot("a", false, null).reason());
        Boot again = boot("a", false, null);
        assertTrue(again.restarted());
        assertEquals(1, again.count());
        assertEquals(BootReason.WATCHDOG, again.reason(), "the boot's reason stays");
        assertEquals(1, events.stream().filter(e -> e.type() == EventType.BOOT).count());
    }

    @Test
    void aCrashLoopChangesTheReasonAndSaysSo() throws IOException {
        BootHistory history = started("a");
        history.crashLoop("5 crashes within 10m");
        assertEquals(BootReason.CRASH_LOOP, history.boot().reason());
        assertEquals(List.of("power", "crash-loop"), events.stream().map(e -> e.fields().get("reason")).toList());
        assertEquals(BootReason.CRASH_LOOP, started("a").boot().reason(), "kept in the record for a restart");
    }

    @Test
    void withoutADataPartitionTheNodeSaysItCannotKnow() throws IOException {
        Files.writeString(Files.createDirectories(root.resolve("proc/sys/kernel/random")).resolve("boot_id"), "a");
        BootHistory history = new BootHistory(root, Optional.empty(), () -> false, () -> false, () -> "", events::add);
        history.start();
        assertEquals(BootReason.POWER, history.boot().reason());
        assertTrue(history.boot().detail().startsWith("no data partition: the node cannot know"), history.boot().detail());
    }

    @Test
    void aDamagedRecordStartsCountingAnew() throws IOException {
        started("a");
        Files.writeString(root.resolve(BootHistory.FOLDER).resolve(BootHistory.RECORD), "count=x\u0000\u0000");
        assertEquals(new Boot(1, BootReason.POWER, "first boot of this card's data partition", false), started("b").boot());
    }

    @Test
    void theConsoleLogOfTheLastFiveBootsIsKeptWithTheKernelLogAndTheReason() throws IOException {
        for (int i = 1; i <= 7; i++) {
            ConsoleCapture console = new ConsoleCapture();
            PrintStream out = console.tee(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            out.println("before /data, boot " + i);
            BootHistory history = new BootHistory(root, Optional.of(console), () -> true, () -> false, () -> "[    0.000000] Linux\n",
                    events::add);
            Files.writeString(Files.createDirectories(root.resolve("proc/sys/kernel/random")).resolve("boot_id"), "id" + i);
            history.start();
            out.println("after /data, boot " + i);
            history.stop();
        }
        List<String> summaries = BootHistory.summaries(root);
        assertEquals(5, summaries.size(), summaries.toString());
        assertTrue(summaries.getFirst().startsWith("lowernet boot 3 at "), summaries.getFirst());
        assertTrue(summaries.getLast().matches("lowernet boot 7 at \\S+: reason clean \\(the previous boot stopped cleanly\\)"),
                summaries.getLast());
        assertTrue(BootHistory.log(root, 2).isEmpty());
        String seventh = Files.readString(BootHistory.log(root, 7).orElseThrow());
        assertTrue(seventh.contains("[    0.000000] Linux\n--- the runtime's log ---\nbefore /data, boot 7\nafter /data, boot 7\n"),
                seventh);
    }

    @Test
    void aBootLogStopsAtItsLimit() throws IOException {
        ConsoleCapture console = new ConsoleCapture();
        PrintStream out = console.tee(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        Path log = root.resolve("console.log");
        console.attach(log, "header\n");
        String line = "x".repeat(1023) + "\n";
        for (int i = 0; i < 2 * ConsoleCapture.LIMIT / line.length(); i++) {
            out.print(line);
        }
        console.detach();
        long size = Files.size(log);
        assertTrue(size <= ConsoleCapture.LIMIT + ConsoleCapture.TRUNCATED.length(), "size " + size);
        assertTrue(Files.readString(log).endsWith(ConsoleCapture.TRUNCATED));
    }

    @Test
    void recordsRoundTripAndDamageIsRefused() {
        BootRecord record = new BootRecord(12, "f00", BootReason.CRASH_LOOP, "5 crashes\nin 10m", 1764547200, true);
        BootRecord back = BootRecord.parse(record.format()).orElseThrow();
        assertEquals(new BootRecord(12, "f00", BootReason.CRASH_LOOP, "5 crashes in 10m", 1764547200, true), back);
        assertTrue(BootRecord.parse("count=1\nboot_id=x\nreason=tired\nstarted=1\nstate=running\n").isEmpty());
        assertTrue(BootRecord.parse("count=1\nboot_id=x\nreason=power\nstate=running\n").isEmpty());
        assertTrue(BootRecord.parse("").isEmpty());
    }
}
