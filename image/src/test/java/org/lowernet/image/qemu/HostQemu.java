package org.lowernet.image.qemu;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/** Tests that need the host's QEMU: skipped without it, except under CI, where its absence is a failure. */
final class HostQemu {

    private HostQemu() {
    }

    static void require() {
        if (QemuCommandLine.available()) {
            return;
        }
        String message = BootSpec.DEFAULT_QEMU + " is not on PATH: install it with `apt-get install qemu-system-arm`";
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
    }
}
