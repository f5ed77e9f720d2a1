package org.lowernet.runtime.config;

import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** The interface.NAME.role keys: which interface plays which part. */
final class InterfaceRoles {

    static final Key<InterfaceRole> ROLE = Key.family("interface.<name>.role", ValueTypes.interfaceName(),
            ValueTypes.oneOf(InterfaceRole.class), "from the board profile",
            "The role of the interface named in the key (eth0, wlan0, eth0.100, ...); at most one is wan.", "lan");
    static final List<Key<?>> KEYS = List.of(ROLE);

    private InterfaceRoles() {
    }

    static void check(Settings settings) {
        List<Setting<InterfaceRole>> wans = settings.all(ROLE).stream()
                .filter(s -> s.value() == InterfaceRole.WAN).sorted(Comparator.comparingInt(Setting::line)).toList();
        for (Setting<InterfaceRole> extra : wans.subList(Math.min(1, wans.size()), wans.size())) {
            Setting<InterfaceRole> first = wans.getFirst();
            settings.error(extra, "at most one interface with role wan",
                    first.key() + " = wan on line " + first.line() + " too; give this one role lan, mesh or off");
        }
    }

    static SortedMap<String, InterfaceRole> from(Settings settings) {
        SortedMap<String, InterfaceRole> roles = new TreeMap<>();
        settings.all(ROLE).forEach(s -> roles.put(s.placeholder(), s.value()));
        return roles;
    }
}
