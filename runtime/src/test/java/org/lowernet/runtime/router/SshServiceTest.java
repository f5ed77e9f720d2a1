package org.lowernet.runtime.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SshServiceTest {

    @Test
    void fingerprintIsOpenSshs() {
        // ssh-keygen -lf on this line prints SHA256:yvSZt22WSwed9LAK63U1V7QmG92EOedT1sUIZe3STRs (ED25519).
        assertEquals("ssh-ed25519 SHA256:yvSZt22WSwed9LAK63U1V7QmG92EOedT1sUIZe3STRs", SshService.fingerprint(
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINeYZQRpoBDQtxCnmBJxgzKhFqiXVCES4UB7Ub/blap5 root@vm\n"));
    }
}
