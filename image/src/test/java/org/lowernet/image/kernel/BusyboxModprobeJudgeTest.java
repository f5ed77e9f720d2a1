package org.lowernet.image.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.image.HostTools;
import org.lowernet.image.tree.FileTree;
import org.lowernet.image.tree.Node;

/**
 * The host's static busybox (the same modprobe as on the device, other architecture) reads the
 * generated modules.dep/alias/builtin in a chroot: "modprobe -D" prints the insmod order without
 * loading anything. chroot needs root.
 */
class BusyboxModprobeJudgeTest {

    @TempDir
    Path dir;

    @Test
    void busyboxLoadsDependenciesFirstAndKnowsAliasesAndBuiltins() throws Exception {
        HostTools.require("root".equals(System.getProperty("user.name")), "chroot needs root");
        Path busybox = Path.of("/usr/bin/busybox");
        HostTools.require(busybox.toString());
        String release = run(List.of("uname", "-r")).strip();
        FileTree kernel = ModuleSelectionTest.kernel();
        FileTree out = new FileTree();
        new ModuleSelection(ModuleTree.of(kernel)).select(List.of("top", "chain-top")).writeTo(out, kernel);
        Path modules = dir.resolve("lib/modules/" + release);
        for (Map.Entry<String, Node> e : out.subtree(ModuleTree.moduleDirectory(ModuleSelectionTest.VERSION))
                .entries().entrySet()) {
            Path p = modules.resolve(e.getKey());
            if (e.getValue() instanceof Node.RegularFile f) {
                Files.createDirectories(p.getParent());
                Files.write(p, f.content().bytes());
            }
        }
        Files.copy(busybox, dir.resolve("busybox"));

        String prefix = "insmod /lib/modules/" + release + "/kernel/net/";
        List<String> expected = List.of(prefix + "base.ko", prefix + "left.ko", prefix + "right.ko", prefix + "top.ko");
        assertEquals(expected, modprobe("-D", "top"));
        assertEquals(expected, modprobe("-D", "net-a"), "alias from modules.alias");
        assertEquals(List.of(), modprobe("mmc-block"), "built in: nothing to do, exit 0");
    }

    /**
     * The image's modprobe.d gives the watchdog drivers nowayout, also when rcS loads them by modalias ({@code -qab}):
     * once the runtime has started the watchdog, nothing stops it.
     */
    @Test
    void theOverlaysModprobeOptionsGiveTheWatchdogDriversNowayout() throws Exception {
        HostTools.require("root".equals(System.getProperty("user.name")), "chroot needs root");
        Path busybox = Path.of("/usr/bin/busybox");
        HostTools.require(busybox.toString());
        String release = run(List.of("uname", "-r")).strip();
        Path modules = Files.createDirectories(dir.resolve("lib/modules/" + release + "/kernel/drivers/watchdog"));
        Files.writeString(modules.resolve("i6300esb.ko"), "");
        Files.writeString(modules.resolve("bcm2835_wdt.ko"), "");
        Files.writeString(modules.getParent().getParent().getParent().resolve("modules.dep"),
                "kernel/drivers/watchdog/i6300esb.ko:\nkernel/drivers/watchdog/bcm2835_wdt.ko:\n");
        Path conf = Path.of("..", "overlay", "etc", "modprobe.d", "watchdog.conf");
        Files.copy(conf, Files.createDirectories(dir.resolve("etc/modprobe.d")).resolve("watchdog.conf"));
        Files.copy(busybox, dir.resolve("busybox"));

        String prefix = "insmod /lib/modules/" + release + "/kernel/drivers/watchdog/";
        assertEquals(List.of(prefix + "i6300esb.ko nowayout=1"), modprobe("-D", "-qab", "i6300esb"));
        assertEquals(List.of(prefix + "bcm2835_wdt.ko nowayout=1"), modprobe("-D", "bcm2835_wdt"));
    }

    private List<String> modprobe(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("chroot", dir.toString(), "/busybox", "modprobe"));
        command.addAll(List.of(args));
        return run(command).lines().map(String::strip).toList();
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("timed out: " + command);
        }
        assertEquals(0, p.exitValue(), command + ": " + output);
        return output;
    }
}
