package org.lowernet.runtime.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.net.netlink.NetlinkException;

/** The netlink layer in a fresh network namespace, judged by {@code ip -j}. */
class RtnetlinkIT {

    private Netns ns;
    private Rtnetlink rt;
    private String kind;

    @BeforeEach
    void namespace() throws Exception {
        ns = Netns.create();
        kind = ns.addStandalone("dummy0");
        ns.ip("link", "add", "va", "type", "veth", "peer", "name", "vb");
        rt = Rtnetlink.open(ns.namespace);
    }

    @AfterEach
    void remove() throws Exception {
        try {
            if (rt != null) {
                rt.close();
            }
        } finally {
            if (ns != null) {
                ns.close();
            }
        }
    }

    static Set<String> all(String regex, String json) {
        Set<String> found = new TreeSet<>();
        Matcher m = Pattern.compile(regex).matcher(json);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void linksMatchIpLinkShow() throws Exception {
        List<Link> links = rt.links().list();
        assertEquals(all("\"ifname\":\"([^\"]+)\"", ns.ip("-j", "link", "show")),
                new TreeSet<>(links.stream().map(Link::name).toList()));
        Link dummy = rt.links().get("dummy0").orElseThrow();
        assertEquals(Optional.of(kind), dummy.kind());
        assertTrue(ns.ip("-j", "link", "show", "dummy0").contains("\"address\":\"" + dummy.mac().orElseThrow() + "\""));
        assertEquals(Optional.empty(), rt.links().get("nosuch0"));
    }

    @Test
    void upMtuAddressesAndRoutesAsIpSeesThem() throws Exception {
        Link dummy = rt.links().get("dummy0").orElseThrow();
        rt.links().setMtu(dummy, 1400);
        rt.links().setUp(dummy, true);
        for (String name : List.of("va", "vb")) {
            rt.links().setUp(rt.links().get(name).orElseThrow(), true);
        }
        String linkJson = ns.ip("-j", "link", "show", "dummy0");
        assertTrue(linkJson.contains("\"mtu\":1400"), linkJson);
        assertTrue(linkJson.matches("(?s).*\"flags\":\\[[^]]*\"UP\".*"), linkJson);
        Link up = rt.links().get("dummy0").orElseThrow();
        assertTrue(up.isUp());
        assertEquals(1400, up.mtu());

        rt.addresses().add(up, Cidr.parse("198.51.100.1/24"));
        rt.addresses().add(up, Cidr.parse("2001:db8::1/64"));
        Link va = rt.links().get("va").orElseThrow();
        rt.addresses().add(va, Cidr.parse("203.0.113.1/24"));
        String addrJson = ns.ip("-j", "addr", "show", "dev", "dummy0");
        assertTrue(addrJson.contains("\"local\":\"198.51.100.1\",\"prefixlen\":24"), addrJson);
        assertTrue(addrJson.contains("\"local\":\"2001:db8::1\",\"prefixlen\":64"), addrJson);
        assertEquals(all("\"local\":\"([^\"]+)\"", ns.ip("-j", "addr", "show")),
                new TreeSet<>(rt.addresses().list().stream().map(a -> Cidr.text(a.cidr().address())).toList()));

        Route defaultRoute = Route.of(Cidr.parse("0.0.0.0/0"), Optional.of(InetAddress.getByName("203.0.113.2")), OptionalInt.empty());
        rt.routes().add(defaultRoute);
        Route v6 = Route.of(Cidr.parse("2001:db8:5::/48"), Optional.of(InetAddress.getByName("2001:db8::2")),
                OptionalInt.of(up.index()));
        rt.routes().add(v6);
        String routeJson = ns.ip("-j", "route", "show", "default");
        assertTrue(routeJson.contains("\"gateway\":\"203.0.113.2\",\"dev\":\"va\""), routeJson);
        String route6Json = ns.ip("-6", "-j", "route", "show", "2001:db8:5::/48");
        assertTrue(route6Json.contains("\"gateway\":\"2001:db8::2\",\"dev\":\"dummy0\""), route6Json);
        List<Route> routes = rt.routes().list();
        Route listed = routes.stream().filter(r -> r.destination().isDefault() && r.destination().family() == 2).findFirst().orElseThrow();
        assertEquals(Optional.of(InetAddress.getByName("203.0.113.2")), listed.gateway());
        assertEquals(OptionalInt.of(va.index()), listed.interfaceIndex());

        // Errors carry errno: an existing address, a missing interface, a missing route.
        NetlinkException exists = assertThrows(NetlinkException.class, () -> rt.addresses().add(up, Cidr.parse("198.51.100.1/24")));
        assertEquals("EEXIST", exists.errno().name());
        NetlinkException noDevice = assertThrows(NetlinkException.class,
                () -> rt.addresses().add(9999, Cidr.parse("198.51.100.9/24"), "adding to interface 9999"));
        assertEquals("ENODEV", noDevice.errno().name());

        rt.routes().delete(v6);
        assertEquals("[]", ns.ip("-6", "-j", "route", "show", "2001:db8:5::/48").strip());
        NetlinkException noRoute = assertThrows(NetlinkException.class, () -> rt.routes().delete(v6));
        assertEquals("ESRCH", noRoute.errno().name());
        rt.addresses().delete(up, Cidr.parse("198.51.100.1/24"));
        assertFalse(ns.ip("-j", "addr", "show", "dev", "dummy0").contains("198.51.100.1"));
        NetlinkException notThere = assertThrows(NetlinkException.class, () -> rt.addresses().delete(up, Cidr.parse("198.51.100.1/24")));
        assertEquals("EADDRNOTAVAIL", notThere.errno().name());
    }

    @Test
    void linkAddedAndDeletedAsIpSeesThem() throws Exception {
        // The kind this kernel can make (dummy or ifb): RTM_NEWLINK's IFLA_LINKINFO is the same for wireguard.
        rt.links().add("made0", kind);
        assertTrue(ns.ip("-d", "-j", "link", "show", "made0").contains("\"info_kind\":\"" + kind + "\""));
        Link made = rt.links().get("made0").orElseThrow();
        assertEquals(Optional.of(kind), made.kind());
        NetlinkException exists = assertThrows(NetlinkException.class, () -> rt.links().add("made0", kind));
        assertEquals("EEXIST", exists.errno().name());
        NetlinkException unknown = assertThrows(NetlinkException.class, () -> rt.links().add("made1", "nosuchkind"));
        assertEquals("EOPNOTSUPP", unknown.errno().name());
        rt.links().delete(made.index(), made.name());
        assertEquals(Optional.empty(), rt.links().get("made0"));
        NetlinkException gone = assertThrows(NetlinkException.class, () -> rt.links().delete(made.index(), made.name()));
        assertEquals("ENODEV", gone.errno().name());
    }

    @Test
    void changesMadeOutsideArriveAsEvents() throws Exception {
        LinkedBlockingQueue<NetEvent> events = new LinkedBlockingQueue<>();
        try (EventSubscription subscription = rt.subscribe(events::add)) {
            ns.ip("link", "set", "dummy0", "up");
            ns.ip("addr", "add", "198.51.100.7/24", "dev", "dummy0");
            ns.ip("link", "set", "dummy0", "down");
            assertTrue(await(events, e -> e instanceof NetEvent.LinkChanged c && c.link().name().equals("dummy0") && c.link().isUp()));
            assertTrue(await(events, e -> e instanceof NetEvent.AddressAdded a && a.address().cidr().equals(Cidr.parse("198.51.100.7/24"))));
            assertTrue(await(events, e -> e instanceof NetEvent.RouteAdded r && r.route().destination().equals(Cidr.parse("198.51.100.0/24"))));
            assertTrue(await(events, e -> e instanceof NetEvent.LinkChanged c && c.link().name().equals("dummy0") && !c.link().isUp()));
            ns.ip("link", "del", "dummy0");
            assertTrue(await(events, e -> e instanceof NetEvent.LinkRemoved r && r.link().name().equals("dummy0")));
        }
    }

    @Test
    void anIdleSubscriptionSleepsUntilClosed() throws Exception {
        Set<String> before = readerTasks();
        EventSubscription subscription = rt.subscribe(event -> { });
        try {
            String reader = null;
            for (int i = 0; i < 100 && reader == null; i++) {
                Set<String> now = readerTasks();
                now.removeAll(before);
                reader = now.stream().findFirst().orElse(null);
                Thread.sleep(20);
            }
            assertTrue(reader != null, "no new netlink-events thread in /proc/self/task");
            Thread.sleep(200); // past its start
            long switches = voluntarySwitches(reader);
            Thread.sleep(1_000);
            long idle = voluntarySwitches(reader) - switches;
            // The namespace is quiet: the reader waits in poll() the whole second. Woken every 100 ms to look at a
            // stop flag, as it once was, it switched ~10 times.
            assertTrue(idle <= 2, "the reader was woken " + idle + " times in an idle second");
        } finally {
            subscription.close();
        }
        Set<String> after = readerTasks();
        after.removeAll(before);
        assertEquals(Set.of(), after, "the reader still runs after close()");
    }

    /** The thread ids of this process's threads named netlink-events. */
    private static Set<String> readerTasks() throws IOException {
        Set<String> tasks = new TreeSet<>();
        try (var all = Files.list(Path.of("/proc/self/task"))) {
            for (var task : all.toList()) {
                try {
                    if (Files.readString(task.resolve("comm")).strip().equals("netlink-events")) {
                        tasks.add(task.getFileName().toString());
                    }
                } catch (NoSuchFileException gone) {
                    // A thread that ended while listing.
                }
            }
        }
        return tasks;
    }

    private static long voluntarySwitches(String task) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/task", task, "status")).stream()
                .filter(l -> l.startsWith("voluntary_ctxt_switches:"))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).strip())).findFirst().orElseThrow();
    }

    private static boolean await(LinkedBlockingQueue<NetEvent> events, java.util.function.Predicate<NetEvent> wanted)
            throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            NetEvent e = events.poll(20, TimeUnit.MILLISECONDS);
            if (e != null && wanted.test(e)) {
                return true;
            }
        }
        return false;
    }
}
