package org.lowernet.runtime.boot;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The small file the node keeps about its current boot: which boot it is (the kernel's boot id), why it
 * happened, and whether the runtime stopped cleanly. The next boot reads it to know how this one ended.
 *
 * @param bootId  the kernel's {@code /proc/sys/kernel/random/boot_id}: a runtime restarted by init sees its own
 * @param stopped true once the runtime stopped cleanly (rcK, a reboot or power-off asked for)
 */
record BootRecord(long count, String bootId, BootReason reason, String detail, long startedEpochSecond,
                  boolean stopped) {

    String format() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("count", Long.toString(count));
        fields.put("boot_id", bootId);
        fields.put("reason", reason.word());
        fields.put("detail", detail.replace('\n', ' '));
        fields.put("started", Long.toString(startedEpochSecond));
        fields.put("state", stopped ? "stopped" : "running");
        return fields.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
    }

    /** The record in {@code text}; empty when a field is missing or malformed (a hand-edited or damaged file). */
    static Optional<BootRecord> parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        text.lines().forEach(line -> {
            int equals = line.indexOf('=');
            if (equals > 0) {
                fields.put(line.substring(0, equals), line.substring(equals + 1));
            }
        });
        Optional<BootReason> reason = BootReason.of(fields.getOrDefault("reason", ""));
        String state = fields.getOrDefault("state", "");
        String count = fields.getOrDefault("count", "");
        String started = fields.getOrDefault("started", "");
        if (reason.isEmpty() || !fields.containsKey("boot_id") || !state.matches("running|stopped")
                || !count.matches("\\d{1,18}") || !started.matches("\\d{1,18}")) {
            return Optional.empty();
        }
        return Optional.of(new BootRecord(Long.parseLong(count), fields.get("boot_id"), reason.get(),
                fields.getOrDefault("detail", ""), Long.parseLong(started), state.equals("stopped")));
    }
}
