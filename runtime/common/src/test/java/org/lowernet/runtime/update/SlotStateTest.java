package org.lowernet.runtime.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.lowernet.runtime.update.SlotState.Slot;
import org.lowernet.runtime.update.SlotState.Trial;

/** slots.txt: one text form, shared with the first stage's init script, which writes the same lines. */
class SlotStateTest {

    @Test
    void aNewCardHasSlotACommittedWithTheBuildsVersion() {
        assertEquals("# Which system boots (system-a or system-b on this partition). Written by lowernet: do not edit.\n"
                + "committed=a\nversion_a=0.2.0\n", SlotState.initial("0.2.0").text());
    }

    @Test
    void aTrialIsMarkedCommittedAndEveryStepReadsBackAsWritten() {
        SlotState trial = SlotState.initial("0.1.0").withTrial(Slot.B, "0.2.0", 3, 1800, Set.of("uplink", "mqtt"));
        assertEquals(Optional.of(new Trial(Slot.B, 0, 3, 1800, new TreeSet<>(Set.of("mqtt", "uplink")))), trial.trial());
        assertTrue(trial.text().contains("\nexpect=mqtt,uplink\n"), trial.text());
        assertEquals(trial, SlotState.parse(trial.text()));

        SlotState committed = trial.committingTrial("committed 0.2.0 (system-b)");
        assertEquals(Slot.B, committed.committed());
        assertEquals(Optional.empty(), committed.trial());
        assertEquals(Optional.of("0.1.0"), committed.version(Slot.A));
        assertEquals(Optional.of("0.2.0"), committed.version(Slot.B));
        assertEquals(committed, SlotState.parse(committed.text()));
        assertTrue(committed.text().endsWith("result=committed 0.2.0 (system-b)\n"), committed.text());
    }

    /** Byte for byte what board/common/stage1/init writes after counting a try, and after rolling back. */
    @Test
    void readsWhatTheFirstStageWrites() {
        String header = "# Which system boots (system-a or system-b on this partition). Written by lowernet: do not edit.\n";
        SlotState counting = SlotState.parse(header + "committed=a\nversion_a=0.1.0\nversion_b=0.2.0\ntrial=b\ntries=2\n"
                + "max_tries=3\ntrial_seconds=90\nexpect=mesh,uplink\n");
        assertEquals(new SlotState(Slot.A, Map.of(Slot.A, "0.1.0", Slot.B, "0.2.0"),
                Optional.of(new Trial(Slot.B, 2, 3, 90, new TreeSet<>(Set.of("mesh", "uplink")))), Optional.empty()),
                counting);
        assertEquals(header + "committed=a\nversion_a=0.1.0\nversion_b=0.2.0\ntrial=b\ntries=2\nmax_tries=3\n"
                + "trial_seconds=90\nexpect=mesh,uplink\n", counting.text());

        SlotState rolledBack = SlotState.parse(header + "committed=a\nversion_a=0.1.0\nversion_b=0.2.0\n"
                + "result=rolled back 0.2.0 (system-b): not committed after 3 trial boots\n");
        assertEquals(Optional.empty(), rolledBack.trial());
        assertEquals(Optional.of("rolled back 0.2.0 (system-b): not committed after 3 trial boots"), rolledBack.result());
    }

    @Test
    void aFileWithoutACommittedSlotIsNoStateAndATrialOfTheCommittedSlotIsNone() {
        assertThrows(IllegalArgumentException.class, () -> SlotState.parse("# a half-written file\nversion_a=0.1.0\n"));
        assertThrows(IllegalArgumentException.class, () -> SlotState.parse("committed=c\n"));
        assertThrows(IllegalArgumentException.class, () -> SlotState.parse("committed=a\ntrial=b\ntries=two\n"));
        assertEquals(Optional.empty(), SlotState.parse("committed=a\ntrial=a\ntries=1\n").trial());
        assertThrows(IllegalArgumentException.class, () -> new SlotState(Slot.A, Map.of(),
                Optional.of(new Trial(Slot.A, 0, 3, 60, new TreeSet<>())), Optional.empty()));
        assertThrows(IllegalStateException.class, () -> SlotState.initial("0.1.0").committingTrial("committed"));
    }
}
