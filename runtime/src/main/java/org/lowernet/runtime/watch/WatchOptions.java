package org.lowernet.runtime.watch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lowernet.runtime.cli.UsageException;
import org.lowernet.runtime.config.MqttConfig;
import org.lowernet.runtime.config.NodeConfig;
import org.lowernet.runtime.config.ServiceUrl;
import org.lowernet.runtime.config.ValueType;
import org.lowernet.runtime.config.ValueTypes;

/**
 * The command line of {@code lowernet watch}, checked with the same value types as lowernet.conf's keys.
 *
 * @param broker       where the nodes report; empty with {@code respondd}
 * @param prefix       the topic prefix of one site; empty watches every site under {@code lowernet/}
 * @param username     the login, present exactly when {@code passwordFile} is
 * @param passwordFile a file whose first line is the password: on the command line, ps would show it
 * @param ca           a CA (PEM) to trust for an ssl:// broker instead of the JRE's
 * @param duration     how long to watch; empty means until interrupted
 * @param respondd     the interface of a mesh link to ask with respondd instead of a broker
 */
public record WatchOptions(Optional<ServiceUrl> broker, Optional<String> prefix, Optional<String> username,
                           Optional<Path> passwordFile, Optional<Path> ca, Optional<Duration> duration,
                           Optional<String> respondd) {

    private static final ValueType<ServiceUrl> BROKER = ValueTypes.url(schemes());
    private static final ValueType<Duration> DURATION = ValueTypes.duration(Duration.ofSeconds(1), Duration.ofDays(7));
    /** Every option; each takes a value. */
    static final List<String> WITH_VALUE = List.of("--broker", "--site", "--prefix", "--username",
            "--password-file", "--ca", "--respondd", "--for");
    /** The options that only mean something with a broker. */
    private static final List<String> BROKER_ONLY = List.of("--broker", "--site", "--prefix", "--username",
            "--password-file", "--ca");

    /** Parses {@code args} (the words after "watch"); reports every problem at once. */
    public static WatchOptions parse(List<String> args) throws UsageException {
        List<String> problems = new ArrayList<>();
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String word = args.get(i);
            if (!WITH_VALUE.contains(word)) {
                problems.add(word.equals("--password")
                        ? "--password: give the password in a file with --password-file; ps shows command lines"
                        : "'" + word + "': expected one of " + String.join(", ", WITH_VALUE));
            } else if (i + 1 >= args.size()) {
                problems.add(word + ": expected a value after it");
            } else if (given.put(word, args.get(++i)) != null) {
                problems.add(word + ": given twice");
            }
        }
        Optional<String> respondd = Optional.ofNullable(given.get("--respondd"));
        if (respondd.isPresent()) {
            List<String> withBroker = BROKER_ONLY.stream().filter(given::containsKey).toList();
            if (!withBroker.isEmpty()) {
                problems.add("--respondd asks the mesh without a broker: drop " + String.join(", ", withBroker));
            }
            if (!respondd.get().matches("[A-Za-z0-9_.@:-]{1,15}")) {
                problems.add("--respondd " + respondd.get() + ": expected an interface name such as eth1"
                        + " (1 to 15 letters, digits, '-', '_', '.')");
            }
        }
        ServiceUrl broker = null;
        if (respondd.isEmpty() && !given.containsKey("--broker")) {
            problems.add("--broker: required, such as --broker tcp://192.0.2.10:1883 (or --respondd IFACE)");
        } else if (respondd.isEmpty()) {
            broker = value("--broker", given.get("--broker"), BROKER, problems);
        }
        Optional<String> prefix = Optional.empty();
        if (given.containsKey("--site") && given.containsKey("--prefix")) {
            problems.add("--site and --prefix: give one; --site S means --prefix lowernet/S");
        } else if (given.containsKey("--site")) {
            prefix = Optional.ofNullable(value("--site", given.get("--site"), NodeConfig.SITE.type(), problems))
                    .map(site -> "lowernet/" + site);
        } else if (given.containsKey("--prefix")) {
            prefix = Optional.ofNullable(value("--prefix", given.get("--prefix"), MqttConfig.TOPIC_PREFIX.type(),
                    problems));
        }
        if (given.containsKey("--username") != given.containsKey("--password-file")) {
            problems.add("--username and --password-file: give both or neither");
        }
        Optional<Duration> duration = Optional.empty();
        if (given.containsKey("--for")) {
            duration = Optional.ofNullable(value("--for", given.get("--for"), DURATION, problems));
        }
        if (given.containsKey("--ca") && broker != null && !broker.scheme().equals("ssl")) {
            problems.add("--ca: only for an ssl:// broker, found " + broker);
        }
        if (!problems.isEmpty()) {
            throw new UsageException(problems);
        }
        return new WatchOptions(Optional.ofNullable(broker), prefix, Optional.ofNullable(given.get("--username")),
                Optional.ofNullable(given.get("--password-file")).map(Path::of),
                Optional.ofNullable(given.get("--ca")).map(Path::of), duration, respondd);
    }

    private static <T> T value(String option, String text, ValueType<T> type, List<String> problems) {
        try {
            return type.parse(text);
        } catch (Exception e) {
            // config.InvalidValue, whose message is "expected ..., found ...".
            problems.add(option + " " + text + ": " + e.getMessage());
            return null;
        }
    }

    private static Map<String, Integer> schemes() {
        Map<String, Integer> schemes = new LinkedHashMap<>();
        schemes.put("tcp", 1883);
        schemes.put("ssl", 8883);
        return schemes;
    }
}
