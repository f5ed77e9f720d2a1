package org.lowernet.runtime.mesh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.Requires;
import org.lowernet.runtime.events.EventSink;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.net.Netns;
import org.lowernet.runtime.router.NetLab;

/**
 * {@link BabelService} and {@link BabelMonitor} in this JVM, each babeld in a namespace of its own (through a
 * wrapper, as a host overrides a program's path): the monitor's listeners get the neighbour and the learned
 * route; when the LAN address moves, babeld is restarted on the new source and the monitor follows by itself.
 */
class BabelServiceIT {

    @TempDir
    Path folder;

    @Test
    void theMonitorSeesTheOtherNodeAndAMovedLanRestartsBabeldOnTheNewSource() throws Exception {
        Requires.executable(Path.of("/usr/sbin/babeld"), "babeld");
        try (Netns a = Netns.create(); Netns b = Netns.create()) {
            for (Netns ns : List.of(a, b)) {
                ns.ip("link", "set", "lo", "up");
                ns.ip("link", "add", "lan0", "type", "veth", "peer", "name", "lanp");
            }
            a.ip("link", "add", "mesh0", "type", "veth", "peer", "name", "mesh0", "netns", b.name);
            a.ip("addr", "add", "10.77.1.1/24", "dev", "lan0");
            a.ip("addr", "add", "10.77.9.1/24", "dev", "lan0");
            b.ip("addr", "add", "10.77.2.1/24", "dev", "lan0");
            for (Netns ns : List.of(a, b)) {
                for (String link : List.of("lan0", "lanp", "mesh0")) {
                    ns.ip("link", "set", link, "up");
                }
            }
            RouterId idA = RouterId.fromMac("00:00:5e:00:53:0a");
            RouterId idB = RouterId.fromMac("00:00:5e:00:53:0b");
            BabelService babelA = service(a, "a", idA, "10.77.1.1");
            BabelService babelB = service(b, "b", idB, "10.77.2.1");
            BabelMonitor monitor = new BabelMonitor(babelA.config().socket());
            LinkedBlockingQueue<MeshView> views = new LinkedBlockingQueue<>();
            try {
                babelA.start();
                babelB.start();
                monitor.start();
                monitor.listen(views::add);

                MeshView seen = await(views, v -> v.announced().containsKey(idB.toString()), "B's prefix");
                assertEquals(Optional.of(idA), seen.myId());
                assertEquals(List.of(Cidr.parse("10.77.2.0/24")), seen.announced().get(idB.toString()));
                assertEquals("mesh0", seen.neighbours().getFirst().interfaceName());
                NetLab.awaitRoute(a, "10.77.2.0/24", "src 10.77.1.1 ", true);

                babelA.update(Optional.of(InetAddress.getByName("10.77.1.1")));
                assertEquals(1, babelA.supervisor().starts(), "the same source restarts nothing");
                views.clear();
                babelA.update(Optional.of(InetAddress.getByName("10.77.9.1")));
                assertTrue(Files.readString(folder.resolve("a/babeld.conf")).contains("pref-src 10.77.9.1\n"));
                NetLab.awaitRoute(a, "10.77.2.0/24", "src 10.77.9.1 ", true);
                // The monitor lost babeld (an empty view) and read the new one's tables.
                await(views, v -> v.myId().isEmpty(), "the view emptied when babeld went");
                await(views, v -> v.routes().stream().anyMatch(MeshView.Route::inUse), "the route again");
                assertEquals(Optional.of(idA), monitor.view().myId());
            } finally {
                monitor.stop();
                babelA.stop();
                babelB.stop();
            }
        }
    }

    /** A BabelService whose babeld runs in {@code ns}; its files in folder/tag. */
    private BabelService service(Netns ns, String tag, RouterId id, String source) throws Exception {
        Path wrapper = folder.resolve("babeld-in-" + tag);
        Files.writeString(wrapper, "#!/bin/sh\nexec ip netns exec " + ns.name + " /usr/sbin/babeld \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new BabelService(wrapper, new BabelConfig(id, List.of("mesh0"), Set.of(), List.of("lan0"),
                Optional.of(InetAddress.getByName(source)), folder.resolve(tag), Optional.of(Duration.ofMillis(200))),
                EventSink.NONE);
    }

    private static MeshView await(LinkedBlockingQueue<MeshView> views, Predicate<MeshView> wanted, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            MeshView view = views.poll(100, TimeUnit.MILLISECONDS);
            if (view != null && wanted.test(view)) {
                return view;
            }
        }
        fail("no view with " + what + " within 30 s");
        return null;
    }
}
