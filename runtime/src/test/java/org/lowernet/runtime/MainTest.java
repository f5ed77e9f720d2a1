package org.lowernet.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.cli.FrontDoor;
import org.lowernet.runtime.tunnel.NodeKey;
import org.lowernet.runtime.wgkey.WgPrivateKey;

/** The command line: dispatch, exit codes and what check-config prints. */
class MainTest {

    private record Outcome(int code, String out, String err) {
    }

    private static Outcome run(String... args) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void noArgumentsRunsTheDaemonBecauseInittabStartsItBare() {
        assertInstanceOf(RunCommand.class, Main.select(List.of()));
        assertInstanceOf(RunCommand.class, Main.select(List.of("run")));
        assertInstanceOf(CheckConfigCommand.class, Main.select(List.of("check-config", "x")));
        assertNull(Main.select(List.of("chek-config")));
    }

    @Test
    void aValidFilePrintsOneOkLine(@TempDir Path dir) throws IOException, InterruptedException {
        Path file = dir.resolve("lowernet.conf");
        Files.writeString(file, "node.name = infoshop-1\ninterface.eth0.role = wan\ninterface.eth1.role = lan\n");
        Outcome outcome = run("check-config", file.toString());
        assertEquals(new Outcome(0, file + ": OK: node infoshop-1, site none; interfaces: eth0 wan, eth1 lan;"
                + " lan 10.42.0.1/24, dhcp 10.42.0.100-10.42.0.199 for 12h, domain lan; wan dhcp;"
                + " leds act mirror, quiet never; ssh keys from /boot/authorized_keys; time from the DHCP lease;"
                + " mqtt off; mesh pool 10.77.0.0/16 as /24s, ula fd31:eddc:46cb::/48, domain mesh, open;"
                + " tunnels none; saved as last good after 5m; updates committed after 10m healthy\n", ""), outcome);
    }

    @Test
    void aMalformedTunnelKeyIsAnErrorWithItsLineAndAPrivateKeyIsNeverPrinted(@TempDir Path dir)
            throws IOException, InterruptedException {
        WgPrivateKey own = WgPrivateKey.generate();
        Path file = dir.resolve("lowernet.conf");
        Files.writeString(file, "tunnel.hilltop.peer = vpn.example.org:51820\n"
                + "tunnel.hilltop.public_key = " + own.publicKey().base64().substring(4) + "\n"
                + "tunnel.hilltop.private_key = " + own.base64() + "\n");
        Outcome outcome = run("check-config", file.toString());
        assertEquals(1, outcome.code());
        List<String> lines = outcome.err().lines().toList();
        assertEquals(2, lines.size(), outcome.err());
        assertTrue(lines.get(0).startsWith(file + ":2: tunnel.hilltop.public_key = "), lines.get(0));
        assertTrue(lines.get(0).contains("expected a WireGuard public key"), lines.get(0));
        assertTrue(lines.get(1).startsWith(file + ":3: tunnel.hilltop.private_key = (not shown): expected a key"
                + " lowernet knows"), lines.get(1));
        assertFalse(outcome.err().contains(own.base64().substring(0, 40)), outcome.err());

        Files.writeString(file, "tunnel.hilltop.peer = vpn.example.org:51820\n"
                + "tunnel.hilltop.public_key = " + own.publicKey().base64() + "\n");
        Outcome valid = run("check-config", file.toString());
        assertEquals(0, valid.code(), valid.err());
        assertTrue(valid.out().contains("; tunnels hilltop to vpn.example.org:51820, keepalive 25s;"), valid.out());
        assertFalse(valid.out().contains(own.base64()), valid.out());
    }

    @Test
    void anInvalidFilePrintsEveryErrorAndExitsOne(@TempDir Path dir) throws IOException, InterruptedException {
        Path file = dir.resolve("lowernet.conf");
        Files.writeString(file, "lan.adress = 10.42.0.1/24\nsite = Riverside\nwan.mode = static\n");
        Outcome outcome = run("check-config", file.toString());
        assertEquals(1, outcome.code());
        assertEquals("", outcome.out());
        List<String> lines = outcome.err().lines().toList();
        assertEquals(5, lines.size(), outcome.err());
        assertTrue(lines.get(0).startsWith(file + ":1: lan.adress = 10.42.0.1/24: expected a key lowernet knows,"
                + " found an unknown key; did you mean lan.address?"), lines.get(0));
        assertTrue(lines.get(1).startsWith(file + ":2: site = Riverside: expected a site id"), lines.get(1));
        assertTrue(lines.subList(2, 5).stream().allMatch(l -> l.startsWith(file + ":3: wan.mode = static")),
                outcome.err());
    }

    @Test
    void theShippedDefaultPasses() throws InterruptedException {
        Outcome outcome = run("check-config", "../board/common/lowernet.conf");
        assertEquals(0, outcome.code(), outcome.err());
        assertTrue(outcome.out().startsWith("../board/common/lowernet.conf: OK: node derived from the serial number"),
                outcome.out());
    }

    @Test
    void aMissingFileIsAnError(@TempDir Path dir) throws InterruptedException {
        Outcome outcome = run("check-config", dir.resolve("absent.conf").toString());
        assertEquals(new Outcome(1, "", dir.resolve("absent.conf") + ": expected a readable file, found no such file\n"),
                outcome);
    }

    @Test
    void wrongCommandLinesExitTwoWithUsage() throws InterruptedException {
        for (String[] args : List.of(new String[] {"check-config"}, new String[] {"check-config", "a", "b"},
                new String[] {"check-config", "--verbose"})) {
            Outcome outcome = run(args);
            assertEquals(2, outcome.code(), String.join(" ", args));
            assertTrue(outcome.err().startsWith("lowernet check-config: "), outcome.err());
            assertTrue(outcome.err().endsWith("\n" + FrontDoor.help("check-config")), outcome.err());
            assertTrue(FrontDoor.help("check-config").startsWith("usage: lowernet check-config FILE\n"), outcome.err());
        }
        Outcome unknown = run("chek-config", "x");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().startsWith("lowernet: unknown command 'chek-config'\nusage: lowernet run "),
                unknown.err());
        assertEquals(2, run("run", "--now").code());
    }

    @Test
    void aWrongWatchCommandLineOrAnUnreadablePasswordFileExitsTwoWithUsage(@TempDir Path dir)
            throws InterruptedException {
        for (List<String> args : List.of(List.of("watch", "--site", "riverside"), List.of("watch", "--broker",
                "tcp://127.0.0.1:1", "--username", "u", "--password-file", dir.resolve("absent").toString()))) {
            Outcome outcome = run(args.toArray(String[]::new));
            assertEquals(2, outcome.code(), String.join(" ", args));
            assertEquals("", outcome.out());
            assertTrue(outcome.err().startsWith("lowernet watch: --"), outcome.err());
            assertEquals(outcome.err().lines().findFirst().orElseThrow() + "\n" + FrontDoor.help("watch"), outcome.err());
        }
    }

    @Test
    void helpListsEveryCommand() throws InterruptedException {
        Outcome help = run("--help");
        assertEquals(0, help.code());
        assertEquals(Main.usage(), help.out());
        assertTrue(help.out().contains("lowernet run ") && help.out().contains("lowernet check-config FILE"), help.out());
    }

    @Test
    void everyCommandHasItsHelpAnywhereOnItsCommandLine() throws InterruptedException {
        for (String name : List.of("run", "check-config", "watch", "tunnel-key")) {
            assertTrue(Main.usage().contains("lowernet " + name + " "), name);
            Outcome help = run(name, "x", "--help");
            assertEquals(new Outcome(0, FrontDoor.help(name), ""), help);
            assertTrue(help.out().startsWith("usage: lowernet " + name), help.out());
        }
    }

    @Test
    void tunnelKeyPrintsThePublicKeyTheRuntimeUsesAndNeverThePrivateOne(@TempDir Path root)
            throws InterruptedException {
        String before = System.getProperty("lowernet.root");
        System.setProperty("lowernet.root", root.toString());
        try {
            Outcome none = run("tunnel-key");
            assertEquals(1, none.code());
            assertTrue(none.err().contains("no tunnel key in " + root.resolve(NodeKey.CARD_FILE)), none.err());
            NodeKey key = NodeKey.load(root, true);
            Outcome printed = run("tunnel-key");
            assertEquals(new Outcome(0, key.publicKey().base64() + "\n", ""), printed);
            assertEquals(2, run("tunnel-key", "--private").code());
        } finally {
            if (before == null) {
                System.clearProperty("lowernet.root");
            } else {
                System.setProperty("lowernet.root", before);
            }
        }
    }

    @Test
    void versionIsTheProjects() throws InterruptedException {
        Outcome version = run("--version");
        assertEquals(new Outcome(0, "lowernet " + Main.version() + "\n", ""), version);
        assertTrue(Main.version().matches("\\d+\\.\\d+\\.\\d+.*"), Main.version());
    }
}
