package org.lowernet.runtime.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.lowernet.runtime.config.TunnelConfig;
import org.lowernet.runtime.health.TunnelLink;
import org.lowernet.runtime.ip.Cidr;
import org.lowernet.runtime.tunnel.TunnelState;

/** The tunnels as the health reports show them: plain values, so health needs no WireGuard. */
final class TunnelReport {

    private TunnelReport() {
    }

    /** Each tunnel's state at {@code now}, with the other node's key from {@code configs}. */
    static List<TunnelLink> of(List<TunnelState> states, List<TunnelConfig> configs, Instant now) {
        Map<String, TunnelConfig> byName = configs.stream()
                .collect(Collectors.toMap(TunnelConfig::name, Function.identity()));
        return states.stream().filter(s -> byName.containsKey(s.name())).map(s -> new TunnelLink(s.name(),
                byName.get(s.name()).publicKey().base64(), s.status(now).word(),
                s.endpoint().map(e -> (e.getAddress().getAddress().length == 16 ? "[" + Cidr.text(e.getAddress()) + "]"
                        : Cidr.text(e.getAddress())) + ":" + e.getPort()),
                s.lastHandshake(), s.rxBytes(), s.txBytes(), s.problem())).toList();
    }
}
