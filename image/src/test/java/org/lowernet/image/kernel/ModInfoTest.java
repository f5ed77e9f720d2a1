package org.lowernet.image.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModInfoTest {

    @Test
    void parsesNameDependsAliasesAndSoftdeps() {
        byte[] ko = ElfModuleWriter.module("license=GPL", "alias=of:N*T*Cbrcm,bcm2835-sdhost",
                "alias=platform:sdhost", "depends=mmc_core,sdhci-pltfm", "softdep=pre: crc32c post: foo-bar",
                "name=bcm2835", "vermagic=6.12 SMP mod_unload aarch64");

        ModInfo info = ModInfo.parse(ko, "bcm2835.ko");

        assertEquals(new ModInfo("bcm2835", List.of("mmc_core", "sdhci_pltfm"),
                List.of("of:N*T*Cbrcm,bcm2835-sdhost", "platform:sdhost"), List.of("crc32c"), List.of("foo_bar")), info);
    }

    @Test
    void emptyDependsAndMissingNameFallBackToTheFileName() {
        ModInfo info = ModInfo.parse(ElfModuleWriter.module("depends="), "kernel/drivers/leds/leds-gpio.ko");
        assertEquals("leds_gpio", info.name());
        assertEquals(List.of(), info.depends());
    }

    @Test
    void moduleNamesTreatDashAndUnderscoreAlike() {
        assertEquals("sdhci_iproc", ModInfo.moduleName("kernel/drivers/mmc/host/sdhci-iproc.ko.xz"));
        assertEquals("sdhci_iproc", ModInfo.moduleName("sdhci-iproc"));
        assertEquals("batman_adv", ModInfo.moduleName("batman-adv.ko"));
        assertEquals("x.kosher", ModInfo.moduleName("x.kosher"));
    }

    @Test
    void brokenFilesAreClearErrors() {
        IllegalArgumentException notElf = assertThrows(IllegalArgumentException.class,
                () -> ModInfo.parse("not an elf file at all, just text padding to 64 bytes......".repeat(2).getBytes(), "x.ko"));
        assertTrue(notElf.getMessage().contains("x.ko: not an ELF file"), notElf.getMessage());

        byte[] truncated = java.util.Arrays.copyOf(ElfModuleWriter.module("name=x"), 100);
        IllegalArgumentException cut = assertThrows(IllegalArgumentException.class, () -> ModInfo.parse(truncated, "x.ko"));
        assertTrue(cut.getMessage().contains("outside the file"), cut.getMessage());

        byte[] ko = ElfModuleWriter.module("name=x");
        ko[4] = 1; // ELFCLASS32
        assertThrows(IllegalArgumentException.class, () -> ModInfo.parse(ko, "x.ko"));
    }
}
