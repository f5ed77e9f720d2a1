package org.lowernet.runtime.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResolvFileTest {

    @TempDir
    Path dir;

    private List<String> nameservers(Path file) throws Exception {
        return Files.readAllLines(file).stream().filter(l -> l.startsWith("nameserver ")).toList();
    }

    @Test
    void theUplinksServersWinAndTheMeshGatewayAnswersWithoutThem() throws Exception {
        Path file = dir.resolve("resolv.conf");
        ResolvFile resolv = new ResolvFile(file);
        resolv.write(List.of(), "no uplink yet");
        assertEquals(List.of(), nameservers(file));
        resolv.meshGateway(Optional.of(InetAddress.getByName("10.77.1.1")));
        assertEquals(List.of("nameserver 10.77.1.1"), nameservers(file));
        resolv.write(List.of(InetAddress.getByName("198.51.100.1")), "from the DHCP lease");
        assertEquals(List.of("nameserver 198.51.100.1"), nameservers(file));
        resolv.write(List.of(), "uplink lost");
        assertEquals(List.of("nameserver 10.77.1.1"), nameservers(file));
        resolv.meshGateway(Optional.of(InetAddress.getByName("10.77.2.1")));
        assertEquals(List.of("nameserver 10.77.2.1"), nameservers(file), "follows the gateway");
        resolv.meshGateway(Optional.empty());
        assertEquals(List.of(), nameservers(file));
    }
}
