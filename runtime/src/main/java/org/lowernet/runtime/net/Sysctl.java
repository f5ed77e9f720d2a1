package org.lowernet.runtime.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tinylog.Logger;

/**
 * Kernel settings under {@code /proc/sys} (the root is a parameter so tests use a folder). Settings under
 * {@code net/} belong to the network namespace of the thread that opens the file.
 */
public final class Sysctl {

    private final Path root;

    /** {@code root} is {@code /proc/sys} on the device. */
    public Sysctl(Path root) {
        this.root = root;
    }

    /** {@code net.ipv4.ip_forward}: the kernel routes IPv4 between interfaces. */
    public boolean setIpForward(boolean on) {
        return write(root.resolve("net/ipv4/ip_forward"), on ? "1" : "0");
    }

    /** {@code net.ipv6.conf.all.forwarding}: the kernel routes IPv6 between interfaces (the mesh's). */
    public boolean setIpv6Forward(boolean on) {
        return write(root.resolve("net/ipv6/conf/all/forwarding"), on ? "1" : "0");
    }

    public boolean ipForward() {
        return "1".equals(read(root.resolve("net/ipv4/ip_forward")));
    }

    /** {@code net.<family>.conf.<interface>.<setting>}, e.g. ("ipv6", "eth0", "accept_ra", "2"). */
    public boolean setInterface(String family, String interfaceName, String setting, String value) {
        return write(interfaceFile(family, interfaceName, setting), value);
    }

    public String getInterface(String family, String interfaceName, String setting) {
        return read(interfaceFile(family, interfaceName, setting));
    }

    private Path interfaceFile(String family, String interfaceName, String setting) {
        // Interface names may hold dots (eth0.100), so the path is built from segments, never from "a.b.c".
        for (String segment : new String[] {family, interfaceName, setting}) {
            if (segment.isEmpty() || segment.contains("/") || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("sysctl path segment '" + segment + "' is not a plain name");
            }
        }
        return root.resolve("net").resolve(family).resolve("conf").resolve(interfaceName).resolve(setting);
    }

    /** Writes {@code value} unless the file already holds it; true when it changed. */
    private boolean write(Path file, String value) {
        String current = read(file);
        if (current.equals(value)) {
            Logger.debug("sysctl {} is already {}", root.relativize(file), value);
            return false;
        }
        try {
            Files.writeString(file, value + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("setting sysctl " + file + " to " + value + " (was " + current
                    + "): " + e.getMessage() + "; the runtime must run as root", e);
        }
        Logger.info("sysctl {}: {} -> {}", root.relativize(file), current, value);
        return true;
    }

    private String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("reading sysctl " + file + ": " + e.getMessage()
                    + "; does the interface exist and the kernel have this setting?", e);
        }
    }
}
