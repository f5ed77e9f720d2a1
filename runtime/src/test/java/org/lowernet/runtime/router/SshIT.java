package org.lowernet.runtime.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.Requires;

/**
 * SSH on the router: with a key on the boot partition, dropbear lets that key in from the LAN, refuses
 * another key, and nothing from the WAN reaches it. Client: dropbear's dbclient in the LAN namespace.
 * Root's home for dropbear is the test's folder: {@code ip netns exec} lays {@code /etc/netns/NAME/passwd}
 * over /etc/passwd inside the router namespace, so the host's own /root is never touched.
 */
class SshIT {

    @TempDir
    Path folder;

    @Test
    void theGivenKeyLogsInFromTheLanAndNothingElseGetsIn() throws Exception {
        for (String tool : List.of("/usr/sbin/dropbear", "/usr/bin/dropbearkey", "/usr/bin/dbclient")) {
            Requires.executable(Path.of(tool), "dropbear-bin");
        }
        try (RouterLab lab = RouterLab.create(folder)) {
            Path etc = Path.of("/etc/netns", lab.router.name);
            Files.createDirectories(etc);
            Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:" + lab.root().resolve("root") + ":/bin/sh\n");
            try {
                loginsOnlyWithTheKey(lab);
            } finally {
                Files.deleteIfExists(etc.resolve("passwd"));
                Files.deleteIfExists(etc);
            }
        }
    }

    private void loginsOnlyWithTheKey(RouterLab lab) throws Exception {
        Path allowed = folder.resolve("allowed.key");
        Path other = folder.resolve("other.key");
        String publicKey = keyPair(allowed);
        keyPair(other);
        Files.createDirectories(lab.root().resolve("boot"));
        Files.writeString(lab.root().resolve("boot/authorized_keys"), "# the volunteers\n" + publicKey + "\n");
        lab.startIsp();
        lab.startDaemon(RouterIT.CONFIG);
        lab.await("daemon| lowernet ready", 0);
        lab.await("daemon| ssh: keys from", 0);
        lab.await("daemon| uplink: up via 198.51.100.1", 0);
        NetLab.awaitRoute(lab.router, "default", RouterLab.ISP, true);
        String client = lab.clientLease("");

        NetLab.Result login = ssh(lab, allowed, "echo logged-in-as-$(id -u)");
        assertEquals(0, login.code(), login.toString());
        assertTrue(login.output().contains("logged-in-as-0"), login.toString());

        NetLab.Result refused = ssh(lab, other, "echo should-not-run");
        assertNotEquals(0, refused.code(), refused.toString());
        assertTrue(!refused.output().contains("should-not-run"), refused.toString());

        // From the WAN, port 22 is closed on both of the router's addresses.
        String wanAddress = NetLab.wanAddress(lab.router, "wan0");
        lab.wan.ip("route", "add", "203.0.113.0/24", "via", wanAddress);
        for (String target : List.of(RouterLab.LAN_ROUTER, wanAddress)) {
            NetLab.Result attempt = NetLab.exec(lab.wan, 10, "busybox", "timeout", "3", "busybox", "nc",
                    target, "22");
            assertNotEquals(0, attempt.code(), "the WAN reached SSH on " + target + ": " + attempt);
        }
        assertTrue(client.startsWith("203.0.113."), client);
        assertTrue(Files.readString(lab.root().resolve("root/.ssh/authorized_keys")).contains(publicKey));
    }

    /** Makes an ed25519 key pair with dropbearkey; returns the public key line. */
    private static String keyPair(Path key) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("dropbearkey", "-t", "ed25519", "-f", key.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        return out.lines().filter(l -> l.startsWith("ssh-ed25519 ")).findFirst().orElseThrow();
    }

    private NetLab.Result ssh(RouterLab lab, Path key, String command) throws IOException, InterruptedException {
        Path home = Files.createDirectories(folder.resolve("home"));
        // -y: accept the router's new host key (first contact); HOME keeps known_hosts inside the test folder.
        return NetLab.exec(lab.lan, 30, "env", "HOME=" + home, "dbclient", "-y", "-i", key.toString(),
                "root@" + RouterLab.LAN_ROUTER, command);
    }
}
