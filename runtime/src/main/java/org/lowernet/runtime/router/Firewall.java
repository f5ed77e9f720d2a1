package org.lowernet.runtime.router;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.lowernet.runtime.net.Sysctl;
import org.lowernet.runtime.subsystem.Subsystem;
import org.tinylog.Logger;

/**
 * NAT and firewall: loads the {@link NftRuleset} with {@code nft -f} (one transaction), reads the table back
 * with {@code nft -j} and compares, and only then turns {@code ip_forward} on. Essential: a router must
 * never come up forwarding without its rules. Stopping leaves the rules in place (closed stays closed).
 */
public final class Firewall implements Subsystem {

    private static final long NFT_SECONDS = 30;

    private final Path nft;
    private final NftRuleset ruleset;
    private final Path file;
    private final Sysctl sysctl;

    public Firewall(Path nft, NftRuleset ruleset, Path runDirectory, Sysctl sysctl) {
        this.nft = nft;
        this.ruleset = ruleset;
        this.file = runDirectory.resolve("nftables.conf");
        this.sysctl = sysctl;
    }

    @Override
    public String name() {
        return "firewall";
    }

    @Override
    public boolean essential() {
        return true;
    }

    @Override
    public void start() throws IOException, InterruptedException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, ruleset.text(), StandardCharsets.US_ASCII);
        run(List.of(nft.toString(), "-f", file.toString()), "loading the ruleset " + file);
        String json = run(List.of(nft.toString(), "-j", "list", "table", NftRuleset.FAMILY, NftRuleset.TABLE),
                "reading the ruleset back");
        List<String> differences = ruleset.differences(json);
        if (!differences.isEmpty()) {
            throw new IOException("the kernel's table " + NftRuleset.FAMILY + " " + NftRuleset.TABLE
                    + " differs from " + file + ": " + String.join("; ", differences));
        }
        int rules = ruleset.chains().values().stream().mapToInt(c -> c.rules().size()).sum();
        Logger.info("firewall: table {} {} loaded and checked ({} chains, {} rules; LAN {}, WAN {}, ssh {}{})",
                NftRuleset.FAMILY, NftRuleset.TABLE, ruleset.chains().size(), rules, String.join(" ", ruleset.lans()),
                ruleset.wan().orElse("none"), ruleset.ssh() ? "allowed from the LAN" : "closed",
                ruleset.meshes().isEmpty() ? "" : "; mesh " + String.join(" ", ruleset.meshes())
                        + (ruleset.isolated() ? ", isolated from the LAN" : ", forwarded to and from the LAN"));
        sysctl.setIpForward(true);
        if (!ruleset.meshes().isEmpty()) {
            // The mesh routes IPv6 too (babel's own traffic is link-local and needs no forwarding).
            sysctl.setIpv6Forward(true);
        }
    }

    private static String run(List<String> command, String doing) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("firewall: " + doing + ": cannot run " + command.getFirst() + ": " + e.getMessage()
                    + "; is nftables installed?", e);
        }
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(NFT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("firewall: " + doing + ": " + String.join(" ", command) + " did not finish in "
                    + NFT_SECONDS + " s");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException("firewall: " + doing + ": " + String.join(" ", command) + " exited with "
                    + process.exitValue() + ": " + text.strip());
        }
        return text;
    }

    @Override
    public void stop() {
        Logger.info("firewall: rules stay loaded");
    }
}
