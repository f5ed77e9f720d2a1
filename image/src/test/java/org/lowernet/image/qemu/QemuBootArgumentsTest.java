package org.lowernet.image.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.lowernet.runtime.cli.FrontDoor;
import org.lowernet.runtime.cli.UsageException;

class QemuBootArgumentsTest {

    @Test
    void parsesEveryOption() throws UsageException {
        QemuBootArguments parsed = QemuBootArguments.parse(List.of("--machine", "RasPi3B", "sd.img",
                "--timeout", "30", "--kernel", "k", "--initrd", "i", "--dtb", "d", "--marker", "up",
                "--qemu", "/opt/qemu"));

        assertEquals(new QemuBootArguments(Path.of("sd.img"), QemuMachine.RASPI3B, Duration.ofSeconds(30),
                Path.of("k"), Path.of("i"), Path.of("d"), "up", "/opt/qemu"), parsed);
    }

    @Test
    void fillsDefaults() throws UsageException {
        QemuBootArguments parsed = QemuBootArguments.parse(List.of("sd.img", "--machine", "virt",
                "--kernel", "k", "--initrd", "i"));

        assertEquals(QemuBootArguments.DEFAULT_TIMEOUT, parsed.timeout());
        assertEquals(QemuBoot.READY_MARKER, parsed.marker());
        assertEquals(BootSpec.DEFAULT_QEMU, parsed.qemu());
        assertEquals(null, parsed.dtb());
    }

    @Test
    void reportsEveryProblem() {
        UsageException e = assertThrows(UsageException.class,
                () -> QemuBootArguments.parse(List.of("a.img", "b.img", "--machine", "raspi5",
                        "--timeout", "soon", "--colour", "red", "--initrd", "i", "--kernel")));

        assertEquals(List.of(
                "more than one IMAGE: a.img and b.img",
                "unknown machine 'raspi5': use one of virt|raspi3b",
                "--timeout must be a whole number of seconds above 0, not 'soon'",
                "unknown option --colour; the options are --machine, --timeout, --kernel, --initrd, --dtb, --marker, --qemu",
                "--kernel needs a value",
                "--kernel and --initrd go together: give both or neither (then IMAGE's own are used)"), e.problems());
    }

    @Test
    void nothingGivenNamesEveryRequiredArgument() {
        UsageException e = assertThrows(UsageException.class, () -> QemuBootArguments.parse(List.of()));

        assertEquals(List.of("no IMAGE given", "no --machine given"), e.problems());
    }

    @Test
    void bootFilesDefaultToTheImagesOwn() throws UsageException {
        QemuBootArguments parsed = QemuBootArguments.parse(List.of("sd.img", "--machine", "raspi3b"));

        assertEquals(null, parsed.kernel());
        assertEquals(null, parsed.initrd());
    }

    @Test
    void theHelpTextNamesExactlyTheOptionsAndTheDefaults() {
        String help = FrontDoor.help("boot");
        Set<String> inHelp = Pattern.compile("--[a-z][a-z-]*").matcher(help).results()
                .map(MatchResult::group).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(QemuBootArguments.OPTIONS), inHelp);
        assertTrue(help.contains("--machine " + QemuMachine.names() + " "), help);
        assertTrue(help.contains("--timeout defaults to " + QemuBootArguments.DEFAULT_TIMEOUT.toSeconds() + " s"), help);
        assertTrue(help.contains("--marker to '" + QemuBoot.READY_MARKER + "'"), help);
    }
}
