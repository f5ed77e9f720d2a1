package org.lowernet.runtime.router;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.Requires;
import org.lowernet.runtime.events.EventSink;
import org.lowernet.runtime.net.Netns;

/**
 * The LAN moved (a mesh prefix lost to another node): dropbear, started on the old LAN address, listens on the new
 * one only. A real dropbear in a namespace the test makes (through a wrapper that enters it), judged by {@code ss}.
 */
class SshRebindIT {

    @TempDir
    Path folder;

    @Test
    void afterAMoveDropbearListensOnTheNewLanAddressOnly() throws Exception {
        for (String tool : List.of("/usr/sbin/dropbear", "/usr/bin/dropbearkey")) {
            Requires.executable(Path.of(tool), "dropbear-bin");
        }
        try (Netns ns = Netns.create()) {
            ns.ip("link", "set", "lo", "up");
            ns.ip("link", "add", "lan0", "type", "veth", "peer", "name", "lanp");
            ns.ip("addr", "add", "10.77.3.1/24", "dev", "lan0");
            ns.ip("addr", "add", "10.77.9.1/24", "dev", "lan0");
            ns.ip("link", "set", "lan0", "up");
            Path dropbear = folder.resolve("dropbear-in-ns");
            Files.writeString(dropbear, "#!/bin/sh\nexec ip netns exec " + ns.name + " /usr/sbin/dropbear \"$@\"\n");
            Files.setPosixFilePermissions(dropbear, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path keys = folder.resolve("authorized_keys");
            Files.writeString(keys, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINeYZQRpoBDQtxCnmBJxgzKhFqiXVCES4UB7Ub/blap5 x\n");
            // The property the device's paths give way to; read once, here.
            System.setProperty("lowernet.program.dropbear", dropbear.toString());
            Programs programs;
            try {
                programs = Programs.fromSystemProperties();
            } finally {
                System.clearProperty("lowernet.program.dropbear");
            }
            SshService ssh = new SshService(programs, keys, InetAddress.getByName("10.77.3.1"), folder.resolve("data"),
                    folder.resolve("home"), EventSink.NONE);
            try {
                ssh.start();
                awaitListening(ns, "10.77.3.1:22", "10.77.9.1:22");
                ssh.listenOn(InetAddress.getByName("10.77.9.1"));
                awaitListening(ns, "10.77.9.1:22", "10.77.3.1:22");
            } finally {
                ssh.stop();
            }
        }
    }

    /** Waits (bounded) until {@code ss} shows a listener on {@code wanted} and none on {@code gone}. */
    private static void awaitListening(Netns ns, String wanted, String gone) throws Exception {
        String shown = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            shown = RouterLab.exec(ns, 10, "ss", "-ltnH").output();
            if (shown.contains(wanted + " ") && !shown.contains(gone + " ")) {
                return;
            }
            Thread.sleep(100);
        }
        fail("no listener on " + wanted + " alone within 20 s: " + shown);
    }
}
