package org.lowernet.runtime.slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.events.Event;
import org.lowernet.runtime.events.EventHub;
import org.lowernet.runtime.update.SlotState;
import org.lowernet.runtime.update.SlotState.Slot;

/** A system on trial is committed once healthy, on the card, with the boot partition writable only meanwhile. */
class TrialCommitTest {

    private static final SlotState ON_TRIAL = SlotState.initial("0.1.0").withTrial(Slot.B, "0.2.0", 3, 1800,
            java.util.Set.of("uplink"));

    @TempDir
    Path root;

    private final List<Boolean> remounts = new ArrayList<>();
    private final List<Event> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final EventHub events = new EventHub();
    private final List<Boolean> shown = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicReference<java.util.Set<String>> conditions =
            new java.util.concurrent.atomic.AtomicReference<>(java.util.Set.of("uplink", "mqtt"));

    {
        events.listen(sent::add);
    }

    /** A TrialCommit on this test's root, events, LED record and conditions. */
    private TrialCommit trialCommit(Duration commitAfter, Duration recheck, java.util.function.BooleanSupplier healthy) {
        return new TrialCommit(root, slots(), commitAfter, recheck, healthy, events, shown::add, conditions::get);
    }

    private List<String> sent() {
        return sent.stream().map(e -> e.type().word() + " " + e.fields()).toList();
    }

    private SlotFile slots() {
        return new SlotFile(root.resolve("boot"), writable -> remounts.add(writable));
    }

    private void booted(String text) throws IOException {
        Files.createDirectories(root.resolve("etc/lowernet"));
        Files.writeString(root.resolve(BootedSlot.FILE), text);
    }

    private void card(SlotState state) throws IOException {
        Files.createDirectories(root.resolve("boot"));
        Files.writeString(root.resolve("boot/slots.txt"), state.text());
    }

    private SlotState onCard() throws IOException {
        return SlotState.parse(Files.readString(root.resolve("boot/slots.txt"), StandardCharsets.UTF_8));
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(10);
        }
    }

    @Test
    void aHealthyTrialIsCommittedAfterItsTime() throws Exception {
        booted("slot=b\nstate=trial\ntry=1\nmax_tries=3\ntrial_seconds=1800\n");
        card(ON_TRIAL);
        TrialCommit commit = trialCommit(Duration.ofMillis(50), Duration.ofMillis(10), () -> true);

        commit.start();
        awaitTrue(() -> !remounts.isEmpty() && remounts.size() == 2);
        commit.stop();

        SlotState state = onCard();
        assertEquals(Slot.B, state.committed());
        assertEquals(Optional.empty(), state.trial());
        assertEquals(Optional.of("committed 0.2.0 (system-b)"), state.result());
        assertEquals(List.of(true, false), remounts, "writable for the write, read-only after it");
        assertFalse(Files.exists(root.resolve("boot/slots.new")), "the new state replaced slots.txt");
        assertEquals(List.of("update_trial {slot=b, version=0.2.0, try=1, max_tries=3}",
                "update_committed {slot=b, version=0.2.0}"), sent());
        assertEquals(Optional.of(new TrialCommit.Status(new BootedSlot(Slot.B, false, 0, 0), "0.2.0",
                Optional.of("committed 0.2.0 (system-b)"))), commit.status());
    }

    @Test
    void anUnhealthyTrialIsNotCommittedUntilItIsHealthy() throws Exception {
        booted("slot=b\nstate=trial\ntry=2\nmax_tries=3\n");
        card(ON_TRIAL);
        AtomicBoolean healthy = new AtomicBoolean(false);
        TrialCommit commit = trialCommit(Duration.ofMillis(20), Duration.ofMillis(20), healthy::get);

        commit.start();
        Thread.sleep(300);
        assertEquals(ON_TRIAL, onCard(), "committed while unhealthy");
        assertTrue(remounts.isEmpty());

        healthy.set(true);
        awaitTrue(() -> remounts.size() == 2);
        commit.stop();
        assertEquals(Slot.B, onCard().committed());
    }

    @Test
    void aCommittedBootAndATrialTheCardNoLongerHasWriteNothing() throws Exception {
        booted("slot=a\nstate=committed\n");
        card(ON_TRIAL);
        TrialCommit committedBoot = trialCommit(Duration.ofMillis(1), Duration.ofMillis(1), () -> true);
        committedBoot.start();
        Thread.sleep(100);
        committedBoot.stop();
        assertEquals(ON_TRIAL, onCard());

        // The card says a rolled back (the first stage gave the trial up) while this boot ran b.
        booted("slot=b\nstate=trial\ntry=3\nmax_tries=3\n");
        SlotState rolledBack = SlotState.parse("committed=a\nversion_a=0.1.0\nversion_b=0.2.0\nresult=rolled back\n");
        card(rolledBack);
        TrialCommit late = trialCommit(Duration.ofMillis(1), Duration.ofMillis(1), () -> true);
        late.start();
        Thread.sleep(100);
        late.stop();
        assertEquals(rolledBack, onCard());
        assertTrue(remounts.isEmpty(), "the boot partition was made writable: " + remounts);
    }

    @Test
    void aRootTheFirstStageDidNotUnpackHasNoSlot() throws Exception {
        card(ON_TRIAL);
        TrialCommit commit = trialCommit(Duration.ofMillis(1), Duration.ofMillis(1), () -> true);
        commit.start();
        Thread.sleep(50);
        commit.stop();
        assertEquals(ON_TRIAL, onCard());
    }

    /** The LEDs show an update being written (install-update's spool exists) and a trial until its commit. */
    @Test
    void theLedsShowAnUpdateBeingWrittenAndATrialUntilItIsCommitted() throws Exception {
        booted("slot=a\nstate=committed\n");
        card(SlotState.initial("0.1.0"));
        TrialCommit committed = trialCommit(Duration.ofDays(1), Duration.ofMillis(1), () -> true);
        committed.start();
        awaitTrue(() -> !shown.isEmpty());
        assertEquals(false, shown.getLast());
        Files.createDirectories(root.resolve(UpdateInstaller.SPOOL));
        awaitTrue(() -> shown.getLast());
        assertTrue(shown.getLast(), "an update being written");
        Files.delete(root.resolve(UpdateInstaller.SPOOL));
        awaitTrue(() -> !shown.getLast());
        assertFalse(shown.getLast());
        committed.stop();

        shown.clear();
        booted("slot=b\nstate=trial\ntry=1\nmax_tries=3\n");
        card(ON_TRIAL);
        TrialCommit trial = trialCommit(Duration.ofMillis(500), Duration.ofMillis(1), () -> true);
        trial.start();
        awaitTrue(() -> !shown.isEmpty());
        assertTrue(shown.getFirst(), "on trial");
        awaitTrue(() -> !shown.getLast());
        assertFalse(shown.getLast(), "committed: " + shown);
        trial.stop();
    }

    /** A trial commits only with what the node had before the update; the node's conditions are kept in /run. */
    @Test
    void aTrialWaitsForWhatTheNodeHadBeforeTheUpdate() throws Exception {
        booted("slot=b\nstate=trial\ntry=1\nmax_tries=3\n");
        card(ON_TRIAL); // expects the uplink
        conditions.set(java.util.Set.of("mqtt"));
        TrialCommit commit = trialCommit(Duration.ofMillis(20), Duration.ofMillis(20), () -> true);
        commit.start();
        awaitTrue(() -> Files.exists(root.resolve(NodeConditions.FILE)));
        Thread.sleep(300);
        assertEquals(ON_TRIAL, onCard(), "committed without the uplink it had");
        assertEquals(new java.util.TreeSet<>(java.util.Set.of("mqtt")), NodeConditions.read(root));

        conditions.set(java.util.Set.of("mqtt", "uplink"));
        awaitTrue(() -> remounts.size() == 2);
        assertEquals(Slot.B, onCard().committed());
        java.util.Set<String> both = new java.util.TreeSet<>(java.util.Set.of("mqtt", "uplink"));
        awaitTrue(() -> {
            try {
                return NodeConditions.read(root).equals(both);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        commit.stop();
        assertEquals(both, NodeConditions.read(root), "kept when they change");
    }

    /** A rollback is reported once: its result is kept on /data, and the next start with it says nothing. */
    @Test
    void aRollbackIsReportedOnceByTheStartAfterIt() throws Exception {
        booted("slot=a\nstate=committed\n");
        card(SlotState.parse("committed=a\nversion_a=0.1.0\nversion_b=0.2.0\n"
                + "result=rolled back 0.2.0 (system-b): not committed after 3 trial boots\n"));
        for (int start = 0; start < 2; start++) {
            TrialCommit commit = trialCommit(Duration.ofMillis(1), Duration.ofMillis(1), () -> true);
            commit.start();
            commit.stop();
            assertEquals(Optional.of("rolled back 0.2.0 (system-b): not committed after 3 trial boots"),
                    commit.status().orElseThrow().lastResult());
        }
        assertEquals(List.of("update_rolled_back {slot=b, version=0.2.0, result=rolled back 0.2.0 (system-b): not"
                + " committed after 3 trial boots}"), sent());
    }

    /** A power cut between writing slots.new and the rename: the whole slots.new is the state, as for the first stage. */
    @Test
    void aHalfReplacedSlotsTxtIsReadFromSlotsNew() throws Exception {
        Files.createDirectories(root.resolve("boot"));
        Files.writeString(root.resolve("boot/slots.txt"), "# Which sys");
        Files.writeString(root.resolve("boot/slots.new"), ON_TRIAL.text());
        assertEquals(Optional.of(ON_TRIAL), slots().read());
        Files.delete(root.resolve("boot/slots.new"));
        assertEquals(Optional.empty(), slots().read());
    }
}
