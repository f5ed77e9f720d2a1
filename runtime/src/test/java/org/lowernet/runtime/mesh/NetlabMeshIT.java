package org.lowernet.runtime.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.lowernet.runtime.Requires;
import org.lowernet.runtime.ip.Cidr;

/**
 * {@code scripts/netlab mesh}'s Java side, run as the script runs it (a JVM of its own, here on the test
 * classpath instead of Maven's): two routers come up with their own prefixes from the pool, the far client gets
 * a lease, and after {@code --for} every namespace it made is gone.
 */
class NetlabMeshIT {

    private static final Pattern ROUTER = Pattern.compile(
            "netlab mesh: [ab] lowernet-c0ff0[01]: router namespace (\\S+) \\(LAN (\\S+)\\), client namespace (\\S+)");
    private static final Pattern READY = Pattern.compile("netlab mesh: ready; b's client has (\\S+);");

    @Test
    void twoRoutersComeUpWithTheirOwnPrefixesAndLeaveNothingBehind() throws Exception {
        Requires.that("root".equals(System.getProperty("user.name")), "needs root for network namespaces");
        Requires.executable(Path.of("/usr/sbin/babeld"), "babeld");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                NetlabMesh.class.getName(), "--nodes", "2", "--for", "5").redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "netlab mesh did not end after --for");
        assertEquals(0, process.exitValue(), output);
        List<String> namespaces = new ArrayList<>();
        List<Cidr> prefixes = new ArrayList<>();
        Matcher router = ROUTER.matcher(output);
        while (router.find()) {
            namespaces.add(router.group(1));
            namespaces.add(router.group(3));
            prefixes.add(Cidr.parse(router.group(2)));
        }
        assertEquals(2, prefixes.size(), output);
        assertFalse(prefixes.get(0).overlaps(prefixes.get(1)), "two routers on one prefix: " + prefixes);
        Cidr pool = Cidr.parse("10.77.0.0/16");
        prefixes.forEach(p -> assertTrue(pool.contains(p.network()), p + " outside the pool"));
        Matcher ready = READY.matcher(output);
        assertTrue(ready.find(), output);
        assertTrue(prefixes.get(1).contains(InetAddress.getByName(ready.group(1))), "the far client's lease " + ready.group(1)
                + " is not in its router's prefix " + prefixes.get(1));
        String left = new String(new ProcessBuilder("ip", "netns", "list").start().getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        namespaces.forEach(ns -> assertFalse(left.contains(ns), ns + " is still there: " + left));
    }
}
