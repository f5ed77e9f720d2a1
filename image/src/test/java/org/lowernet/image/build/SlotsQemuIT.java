package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.HostTools;
import org.lowernet.image.qemu.QemuBoot;
import org.lowernet.runtime.update.SlotState;
import org.lowernet.runtime.update.SlotState.Slot;
import org.lowernet.runtime.update.SlotState.Trial;

/**
 * The system slots on QEMU virt, with the built image's own first stage and runtime. The test plays the part of an
 * update that wrote slot b (mtools puts a system file and slots.txt on the card, as the node's receiver will): a
 * trial is counted at every boot (a power cut, SIGKILL of QEMU, counts one), committed once the runtime has been
 * healthy for update.commit_after, and boots from then on; a trial slot whose bytes do not match the hash its update wrote beside it is given up at once.
 * slots.txt is read back from the card after every boot. (A trial that never commits, restarted by its guard and
 * rolled back after its last try: UpdateQemuIT.)
 */
class SlotsQemuIT {

    static final Duration BOOT = Duration.ofSeconds(180);
    static final String VERSION_B = "0.0.2-slots";

    @TempDir
    Path dir;

    private ImageBuilder.Result image;
    private final List<String> console = new CopyOnWriteArrayList<>();

    @BeforeEach
    void image() throws Exception {
        DataCards.requireHost("mcopy");
        image = DataCards.image();
    }

    private Path card(String name, String... settings) throws Exception {
        return DataCards.stampedOnly(image.image(), dir, name, 0, List.of(settings)).file();
    }

    private static String drive(Path card) {
        return card + "@@" + ImageIT.PARTITION_OFFSET;
    }

    private void put(Path card, String name, byte[] content) throws Exception {
        Path file = Files.write(dir.resolve("put-" + name), content);
        HostTools.sh(dir, "MTOOLS_SKIP_CHECK=1 mcopy -o -i '" + drive(card) + "' '" + file + "' '::" + name + "'");
    }

    private SlotState slots(Path card) throws Exception {
        return SlotState.parse(HostTools.sh(dir, "MTOOLS_SKIP_CHECK=1 mcopy -n -i '" + drive(card) + "' ::slots.txt -"));
    }

    /**
     * Slot b holds the image's own system (the runtime cannot tell) and its hash as the installer writes it, on
     * trial as version {@value #VERSION_B}.
     */
    private void updateWrote(Path card, int maxTries, int trialSeconds) throws Exception {
        byte[] system = image.system().bytes();
        put(card, "system-b", system);
        put(card, "system-b.sha256", (java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(system)) + "  system-b\n")
                .getBytes(StandardCharsets.US_ASCII));
        SlotState state = slots(card).withTrial(Slot.B, VERSION_B, maxTries, trialSeconds, java.util.Set.of());
        put(card, "slots.txt", state.text().getBytes(StandardCharsets.UTF_8));
    }

    private QemuBoot boot(Path card, String name) throws Exception {
        return QemuBoot.start(DataCards.virt(card, dir.resolve(name), List.of()), line -> {
            console.add(line);
            System.out.println(name + "| " + line);
        });
    }

    @Test
    void aTrialCountsEveryBootAndIsCommittedOnceHealthy() throws Exception {
        Path card = card("commit.img", "update.commit_after=10s");
        updateWrote(card, 3, 600);

        try (QemuBoot first = boot(card, "trial-1")) {
            first.awaitLine("lowernet stage 1: system-b (" + VERSION_B + ") on trial: boot 1 of 3", BOOT);
            first.awaitLine("lowernet stage 1: mounting system-b", BOOT);
            first.process().destroyForcibly(); // a power cut during the trial
        }
        assertEquals(Optional.of(new Trial(Slot.B, 1, 3, 600, new java.util.TreeSet<>())), slots(card).trial(),
                "the power cut's boot counted");

        try (QemuBoot second = boot(card, "trial-2")) {
            second.awaitLine("lowernet stage 1: system-b (" + VERSION_B + ") on trial: boot 2 of 3", BOOT);
            second.awaitReady(BOOT);
            find("update: running system-b on trial (boot 2 of 3) (" + VERSION_B + ")");
            second.awaitLine("update: committed " + VERSION_B + " (system-b) after 10s healthy", Duration.ofSeconds(90));
        }
        SlotState committed = slots(card);
        assertEquals(Slot.B, committed.committed());
        assertEquals(Optional.empty(), committed.trial());
        assertEquals(Optional.of("committed " + VERSION_B + " (system-b)"), committed.result());
        HostTools.sh(dir, "MTOOLS_SKIP_CHECK=1 mcopy -n -i '" + drive(card) + "' ::system-b system-b.out");
        assertArrayEquals(image.system().bytes(), Files.readAllBytes(dir.resolve("system-b.out")), "system-b as written");

        console.clear();
        try (QemuBoot third = boot(card, "committed")) {
            third.awaitReady(BOOT);
        }
        assertTrue(console.stream().anyMatch(l -> l.equals("lowernet stage 1: mounting system-b")), "slot b boots");
        assertTrue(console.stream().noneMatch(l -> l.contains("on trial")), "no trial after the commit");
        assertTrue(console.stream().anyMatch(l -> l.endsWith("update: running system-b, committed (" + VERSION_B + ")")));
        assertEquals(committed, slots(card), "a committed boot writes nothing");
    }

    @Test
    void aDamagedTrialSlotIsGivenUpAtOnce() throws Exception {
        Path card = card("broken.img");
        updateWrote(card, 3, 600);
        byte[] damaged = image.system().bytes();
        damaged[damaged.length / 2] ^= 0x55; // in some file's data: the squashfs still mounts, the hash fails
        put(card, "system-b", damaged);

        try (QemuBoot guest = boot(card, "broken")) {
            guest.awaitReady(BOOT);
        }
        assertTrue(console.stream().anyMatch(l -> l.equals("lowernet stage 1: rolled back " + VERSION_B
                + " (system-b): system-b is damaged or cannot be mounted; booting system-a")), "given up at the first try");
        SlotState state = slots(card);
        assertEquals(Slot.A, state.committed());
        assertEquals(Optional.empty(), state.trial());
        assertFalse(state.result().isEmpty());
    }

    private String find(String suffix) {
        return console.stream().filter(l -> l.endsWith(suffix)).findFirst()
                .orElseThrow(() -> new AssertionError("no console line ends with: " + suffix));
    }
}
