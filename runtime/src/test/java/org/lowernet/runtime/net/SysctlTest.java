package org.lowernet.runtime.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysctlTest {

    @TempDir
    Path root;

    @Test
    void ipForwardIsWrittenOnlyWhenItDiffers() throws IOException {
        Files.createDirectories(root.resolve("net/ipv4"));
        Files.writeString(root.resolve("net/ipv4/ip_forward"), "0\n");
        Sysctl sysctl = new Sysctl(root);
        assertFalse(sysctl.ipForward());
        assertTrue(sysctl.setIpForward(true));
        assertEquals("1\n", Files.readString(root.resolve("net/ipv4/ip_forward")));
        assertFalse(sysctl.setIpForward(true));
        assertTrue(sysctl.ipForward());
    }

    @Test
    void perInterfaceSettingKeepsDotsInTheName() throws IOException {
        Path file = root.resolve("net/ipv6/conf/eth0.100/accept_ra");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "1\n");
        Sysctl sysctl = new Sysctl(root);
        assertTrue(sysctl.setInterface("ipv6", "eth0.100", "accept_ra", "2"));
        assertEquals("2", sysctl.getInterface("ipv6", "eth0.100", "accept_ra"));
    }

    @Test
    void missingInterfaceAndPathTricksAreErrors() {
        Sysctl sysctl = new Sysctl(root);
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> sysctl.setInterface("ipv6", "eth9", "disable_ipv6", "1"));
        assertTrue(e.getMessage().contains("eth9"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sysctl.setInterface("ipv6", "..", "x", "1"));
        assertThrows(IllegalArgumentException.class, () -> sysctl.setInterface("ipv6", "a/b", "x", "1"));
    }
}
