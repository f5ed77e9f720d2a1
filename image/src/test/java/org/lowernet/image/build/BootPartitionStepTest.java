package org.lowernet.image.build;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lowernet.image.board.Boards;

/** The cut-down Pi firmware is only put on a card whose config.txt makes the firmware load it. */
class BootPartitionStepTest {

    private static final Path CONFIG = Path.of("board", "common", "config.txt");
    private static final List<String> CUT_DOWN = List.of("bootcode.bin", "start_cd.elf", "fixup_cd.dat");

    @Test
    void theProjectsBoardsUseTheCutDownFirmwareWithTheGpuMemoryItNeeds() throws Exception {
        Boards boards = Boards.read(ImageIT.PROJECT.resolve("board"));
        List<String> firmware = boards.commonList("firmware");
        assertTrue(firmware.containsAll(List.of("start_cd.elf", "fixup_cd.dat", "start4cd.elf", "fixup4cd.dat")),
                firmware.toString());
        assertTrue(firmware.stream().noneMatch(List.of("start.elf", "start4.elf")::contains), firmware.toString());
        Path config = boards.common("config.txt");
        assertDoesNotThrow(() -> BootPartitionStep.requireGpuMemForCutDown(firmware, Files.readString(config), config));
    }

    @Test
    void cutDownFirmwareWithoutGpuMem16IsRefusedNamingTheFileAndTheFirmware() {
        for (String config : List.of("arm_64bit=1\n", "arm_64bit=1\n# gpu_mem=16\n", "gpu_mem=64\n")) {
            BuildException e = assertThrows(BuildException.class,
                    () -> BootPartitionStep.requireGpuMemForCutDown(CUT_DOWN, config, CONFIG));
            assertTrue(e.getMessage().startsWith(CONFIG + " must have the line gpu_mem=16"), e.getMessage());
            assertTrue(e.getMessage().contains("[start_cd.elf]"), e.getMessage());
        }
        BuildException pi4 = assertThrows(BuildException.class, () -> BootPartitionStep.requireGpuMemForCutDown(
                List.of("start4cd.elf", "fixup4cd.dat"), "arm_64bit=1\n", CONFIG));
        assertTrue(pi4.getMessage().contains("[start4cd.elf]"), pi4.getMessage());
    }

    @Test
    void theFullFirmwareNeedsNoGpuMemLine() {
        assertDoesNotThrow(() -> BootPartitionStep.requireGpuMemForCutDown(
                List.of("bootcode.bin", "start.elf", "fixup.dat", "start4.elf", "fixup4.dat"), "arm_64bit=1\n", CONFIG));
        assertDoesNotThrow(() -> BootPartitionStep.requireGpuMemForCutDown(CUT_DOWN, "  gpu_mem=16  \n", CONFIG));
    }
}
