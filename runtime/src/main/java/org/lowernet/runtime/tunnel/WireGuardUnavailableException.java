package org.lowernet.runtime.tunnel;

/** The kernel cannot make WireGuard interfaces: no generic netlink family {@code wireguard}. */
public final class WireGuardUnavailableException extends RuntimeException {

    WireGuardUnavailableException() {
        super("the kernel has no WireGuard (generic netlink family " + LinuxWireGuard.GENL_NAME
                + " not found): load the wireguard module");
    }
}
