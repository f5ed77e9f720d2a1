package org.lowernet.image.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lowernet.image.tree.Content;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;

class ModuleSelectionTest {

    static final String VERSION = "6.1.0-test-arm64";
    static final String BASE = "usr/lib/modules/" + VERSION + "/";

    /** A kernel package tree with modules a chain, a diamond, a cycle and one unreadable module. */
    static FileTree kernel() {
        FileTree tree = new FileTree();
        module(tree, "kernel/drivers/a/chain-top.ko.xz", "name=chain_top", "depends=chain_mid", "alias=pci:v1*");
        module(tree, "kernel/drivers/a/chain_mid.ko.xz", "name=chain_mid", "depends=chain_low");
        module(tree, "kernel/drivers/a/chain_low.ko.xz", "name=chain_low", "depends=");
        module(tree, "kernel/net/top.ko.xz", "name=top", "depends=right,left", "alias=net-x", "alias=net-a");
        module(tree, "kernel/net/left.ko.xz", "name=left", "depends=base");
        module(tree, "kernel/net/right.ko.xz", "name=right", "depends=base,left");
        module(tree, "kernel/net/base.ko.xz", "name=base", "depends=", "softdep=pre: helper crypto-crc32c mmc_block");
        module(tree, "kernel/lib/helper.ko.xz", "name=helper", "depends=");
        module(tree, "kernel/x/loop-a.ko.xz", "name=loop_a", "depends=loop_b");
        module(tree, "kernel/x/loop-b.ko.xz", "name=loop_b", "depends=loop_a");
        module(tree, "kernel/drivers/net/ethernet/broadcom/genet/bcmgenet.ko.xz", "name=bcmgenet", "depends=");
        module(tree, "kernel/y/needs-missing.ko.xz", "name=needs_missing", "depends=ghost");
        tree.file(BASE + "kernel/z/broken.ko.xz", 0644, Content.of("not xz"));
        tree.file(BASE + "modules.builtin", 0644, Content.of("kernel/drivers/mmc/core/mmc_block.ko\n"));
        tree.file(BASE + "modules.order", 0644, Content.of("kernel/net/top.ko\n"));
        return tree;
    }

    private static void module(FileTree tree, String path, String... modinfo) {
        tree.file(BASE + path, 0644, Content.of(ElfModuleWriter.xz(ElfModuleWriter.module(modinfo))));
    }

    private static SelectedModules select(String... names) {
        return new ModuleSelection(ModuleTree.of(kernel())).select(List.of(names));
    }

    private static List<String> names(SelectedModules s) {
        return s.modules().stream().map(ModuleTree.Module::name).toList();
    }

    @Test
    void chainIsFollowedToTheEndAndListedInLoadOrder() {
        SelectedModules s = select("chain-top");

        assertEquals(List.of("chain_low", "chain_mid", "chain_top"), names(s));
        assertEquals("""
                kernel/drivers/a/chain-top.ko: kernel/drivers/a/chain_mid.ko kernel/drivers/a/chain_low.ko
                kernel/drivers/a/chain_low.ko:
                kernel/drivers/a/chain_mid.ko: kernel/drivers/a/chain_low.ko
                """, DepmodFiles.modulesDep(s.modules()));
    }

    @Test
    void diamondListsEachModuleOnceWithUsersBeforeTheirDependencies() {
        SelectedModules s = select("top");

        assertEquals(List.of("base", "helper", "left", "right", "top"), names(s), "helper via softdep pre");
        // right depends on left, both on base: modprobe loads from the end: base, left, right.
        assertTrue(DepmodFiles.modulesDep(s.modules()).contains(
                "kernel/net/top.ko: kernel/net/right.ko kernel/net/left.ko kernel/net/base.ko\n"));
        assertEquals(Set.of("base -> crypto_crc32c"), s.skippedSoftdeps(), "an alias, not a module name");
    }

    @Test
    void aliasesAreListedPerModuleInNameOrder() {
        assertEquals("""
                # Aliases extracted from modules themselves.
                alias pci:v1* chain_top
                alias net-x top
                alias net-a top
                """, DepmodFiles.modulesAlias(select("top", "chain_top").modules()));
    }

    @Test
    void cycleTerminatesAndIsRefusedWhenWritingModulesDep() {
        SelectedModules s = select("loop-a");
        assertEquals(List.of("loop_a", "loop_b"), names(s));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> DepmodFiles.modulesDep(s.modules()));
        assertTrue(e.getMessage().contains("[loop_a, loop_b]"), e.getMessage());
    }

    @Test
    void onlyReachedModulesAreRead() {
        // "broken" is not xz; selecting others must never touch it.
        assertEquals(List.of("bcmgenet"), names(select("bcmgenet")));
        assertThrows(java.io.UncheckedIOException.class, () -> select("broken"));
    }

    @Test
    void unknownModuleSuggestsTheClosestName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> select("top", "genet"));
        assertTrue(e.getMessage().contains("no module named 'genet' (did you mean 'bcmgenet'"), e.getMessage());

        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class, () -> select("chain_mdi"));
        assertTrue(typo.getMessage().contains("did you mean 'chain_mid'"), typo.getMessage());
    }

    @Test
    void builtinModuleIsNoErrorAndMissingDependencyIs() {
        SelectedModules s = select("mmc-block");
        assertEquals(List.of(), s.modules());
        assertEquals(Set.of("mmc_block"), s.builtinRequested());

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> select("needs-missing"));
        assertTrue(e.getMessage().contains("depends on ghost"), e.getMessage());
    }

    @Test
    void writesDecompressedModulesAndIndexFiles() throws IOException {
        FileTree kernel = kernel();
        FileTree root = new FileTree();

        select("chain-top").writeTo(root, kernel);

        assertEquals(List.of(BASE + "kernel/drivers/a/chain-top.ko", BASE + "kernel/drivers/a/chain_low.ko",
                        BASE + "kernel/drivers/a/chain_mid.ko", BASE + "modules.alias", BASE + "modules.builtin",
                        BASE + "modules.dep"),
                root.entries().keySet().stream().filter(p -> p.endsWith(".ko") || p.contains("modules.")).toList());
        byte[] ko = ((Node.RegularFile) root.get(BASE + "kernel/drivers/a/chain_low.ko").orElseThrow()).content().bytes();
        assertArrayEquals(ElfModuleWriter.module("name=chain_low", "depends="), ko);
        assertEquals("kernel/drivers/mmc/core/mmc_block.ko\n", new String(((Node.RegularFile) root
                .get(BASE + "modules.builtin").orElseThrow()).content().bytes(), StandardCharsets.UTF_8));
        assertFalse(root.contains(BASE + "kernel/net/top.ko"));
    }
}
