package org.lowernet.runtime.health;

import com.eclipsesource.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.lowernet.runtime.config.MqttConfig;
import org.lowernet.runtime.config.ServiceUrl;
import org.lowernet.runtime.events.Event;
import org.lowernet.runtime.events.EventSink;
import org.lowernet.runtime.events.EventType;
import org.lowernet.runtime.mqtt.BrokerLogin;
import org.lowernet.runtime.retry.Backoff;
import org.tinylog.Logger;

/**
 * Keeps one node's health at the neighbourhood's broker. On each connection: a retained {@code online} on
 * status (the Last Will is a retained {@code offline}), the retained nodeinfo, Home Assistant discovery when
 * asked, the cmd/ subscription, then whatever waited in the {@link Outbox}. Every interval a statistics
 * message, and every {@link Event} as an events message, go through the outbox, so nothing produced while
 * the broker is away is lost unless the outbox overflows (and then the loss is counted and reported).
 *
 * <p>All MQTT work happens on one thread, {@code mqtt}. Reconnects back off with jitter; a broker that
 * refuses the login is asked again only every {@link #LOGIN_RETRY}, and the LEDs show degraded meanwhile.
 */
public final class HealthReporter implements EventSink, AutoCloseable {

    /** A refused login is retried this rarely: a wrong password stays wrong until a person fixes it. */
    public static final Duration LOGIN_RETRY = Duration.ofMinutes(5);
    /** How long one connect, publish or subscribe may take before the connection counts as broken. */
    static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(10);
    static final String ONLINE = "online";
    static final String OFFLINE = "offline";

    /** What the reporter needs from the rest of the runtime. */
    public interface Node {

        /** Read on each connection, since addresses change. */
        NodeInfo info();

        /** Read once per interval, on the mqtt thread. */
        Statistics statistics(long seq, Statistics.MqttCounters counters) throws Exception;

        void identify(Duration duration);

        /** The broker refused the login (true), or a connection worked (false). */
        void loginRefused(boolean refused);
    }

    private final MqttConfig config;
    private final Topics topics;
    private final Node node;
    private final BrokerLogin login;
    private final String nodeId;
    private final String clientId;
    private final Outbox outbox;
    private final Commands commands;
    private final Backoff delay = Backoff.reconnect();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("mqtt").daemon().unstarted(r));
    private final AtomicLong eventSeq = new AtomicLong();
    private long statisticsSeq;
    private long connections;
    /** The nodeinfo the broker holds (retained) from this connection; mqtt thread only. */
    private String publishedInfo = "";
    private MqttClient client;
    private volatile boolean connected;
    private volatile boolean closed;

    /** @param tls the socket factory for ssl:// brokers (mqtt.ca's, or the JRE's default when empty) */
    public HealthReporter(MqttConfig config, Topics topics, Node node, Optional<SSLSocketFactory> tls) {
        this.config = config;
        this.topics = topics;
        this.node = node;
        this.login = new BrokerLogin(config.username(), config.password().map(String::toCharArray), tls);
        this.nodeId = node.info().nodeId();
        this.clientId = "lowernet-" + topics.node() + "-" + nodeId;
        this.outbox = new Outbox(config.buffer());
        this.commands = new Commands(node::identify, Clock.systemUTC());
    }

    /** Connects in the background and publishes statistics every interval from now on. */
    public void start() {
        if (config.passwordInTheClear()) {
            Logger.warn("mqtt: the password goes to tcp:// brokers unencrypted; prefer ssl:// with mqtt.ca");
        }
        worker.execute(guarded("connecting", this::connect));
        long interval = config.interval().toMillis();
        // With a fixed delay, not a fixed rate: a slow connect must not make rounds pile up and go out at once.
        worker.scheduleWithFixedDelay(guarded("statistics", this::publishStatistics), 0, interval, TimeUnit.MILLISECONDS);
    }

    /** Queues an event for the broker; thread-safe, returns at once. */
    @Override
    public void emit(Event event) {
        JsonObject json = EventMessage.toJson(nodeId, eventSeq.incrementAndGet(), event);
        outbox.offer(new Outbox.Message(topics.events(), bytes(json.toString()), false));
        if (!closed) {
            worker.execute(guarded("events", this::flushIfConnected));
            if (event.type() == EventType.PREFIX_CHANGED) {
                // The LAN's prefixes are in nodeinfo: the broker's retained copy must not keep the old ones.
                worker.execute(guarded("nodeinfo", this::republishChangedNodeinfo));
            }
        }
    }

    public boolean connected() {
        return connected;
    }

    private void connect() {
        if (closed || connected) {
            return;
        }
        List<ServiceUrl> brokers = config.brokers();
        Optional<ServiceUrl> refusedBy = Optional.empty();
        StringBuilder failures = new StringBuilder();
        for (ServiceUrl broker : brokers) {
            try {
                open(broker);
                onConnected(broker);
                return;
            } catch (MqttException e) {
                closeClient();
                if (BrokerLogin.refused(e)) {
                    refusedBy = Optional.of(broker);
                }
                failures.append(failures.isEmpty() ? "" : "; ").append(broker).append(": ")
                        .append(BrokerLogin.reason(e));
            }
        }
        if (refusedBy.isPresent()) {
            Logger.error("mqtt: {} refused the login of {}: check mqtt.username and mqtt.password in lowernet.conf;"
                    + " asking again in {} min", refusedBy.get(), login.who(), LOGIN_RETRY.toMinutes());
            node.loginRefused(true);
            worker.schedule(guarded("connecting", this::connect), LOGIN_RETRY.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        Duration wait = delay.next();
        Logger.warn("mqtt: no broker reachable ({}); trying again in {} ms", failures, wait.toMillis());
        worker.schedule(guarded("connecting", this::connect), wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void open(ServiceUrl broker) throws MqttException {
        client = new MqttClient(broker.toString(), clientId, new MemoryPersistence());
        client.setTimeToWait(OPERATION_TIMEOUT.toMillis());
        MqttConnectOptions options = login.options(broker, config.keepalive(), OPERATION_TIMEOUT);
        options.setWill(topics.status(), bytes(OFFLINE), 1, true);
        client.setCallback(new Callback(broker));
        client.connect(options);
    }

    private void onConnected(ServiceUrl broker) throws MqttException {
        connected = true;
        connections++;
        delay.reset();
        node.loginRefused(false);
        Logger.info("mqtt: connected to {}; reporting as {}/{}", broker, topics.prefix(), topics.node());
        try {
            NodeInfo info = node.info();
            publish(topics.status(), bytes(ONLINE), true);
            String infoJson = info.toJson().toString();
            publish(topics.nodeinfo(), bytes(infoJson), true);
            publishedInfo = infoJson;
            if (config.homeAssistant()) {
                for (HomeAssistant.Sensor sensor : HomeAssistant.SENSORS) {
                    publish(HomeAssistant.topic(info, sensor),
                            bytes(HomeAssistant.config(info, topics, sensor).toString()), true);
                }
            }
            client.subscribe(new String[] {topics.commands()}, new int[] {1});
            flush();
        } catch (MqttException e) {
            lost(broker, e);
        }
    }

    /**
     * nodeinfo is retained and read by whoever subscribes later, so when what it says changed (the prefix moved,
     * an address came, SSH started) the broker gets the new one: checked with every statistics.
     */
    private void republishChangedNodeinfo() {
        if (!connected) {
            return;
        }
        String now = node.info().toJson().toString();
        if (!now.equals(publishedInfo)) {
            try {
                publish(topics.nodeinfo(), bytes(now), true);
                publishedInfo = now;
            } catch (MqttException e) {
                lost(null, e);
            }
        }
    }

    private void publishStatistics() throws Exception {
        republishChangedNodeinfo();
        Statistics statistics = node.statistics(++statisticsSeq,
                new Statistics.MqttCounters(outbox.dropped(), outbox.size(), Math.max(0, connections - 1)));
        outbox.offer(new Outbox.Message(topics.statistics(), bytes(statistics.toJson().toString()), false));
        flushIfConnected();
    }

    private void flushIfConnected() throws MqttException {
        if (connected) {
            try {
                flush();
            } catch (MqttException e) {
                lost(null, e);
            }
        }
    }

    /** Sends the drop report, then the waiting messages oldest first, each removed only once the broker has it. */
    private void flush() throws MqttException {
        long drops = outbox.takeUnreportedDrops();
        if (drops > 0) {
            try {
                publish(topics.events(), bytes(EventMessage.toJson(nodeId, eventSeq.incrementAndGet(),
                        Event.now(EventType.MESSAGES_DROPPED, "count", drops, "buffer", config.buffer())).toString()), false);
                Logger.warn("mqtt: {} messages were dropped while the broker was away (mqtt.buffer = {})",
                        drops, config.buffer());
            } catch (MqttException e) {
                outbox.unreport(drops);
                throw e;
            }
        }
        for (Optional<Outbox.Message> next = outbox.peek(); next.isPresent() && connected; next = outbox.peek()) {
            publish(next.get().topic(), next.get().payload(), next.get().retained());
            outbox.remove(next.get());
        }
    }

    private void publish(String topic, byte[] payload, boolean retained) throws MqttException {
        client.publish(topic, payload, 1, retained);
    }

    /** The connection broke (seen by Paho or by a failed publish): close it and connect again after a delay. */
    private void lost(ServiceUrl broker, Throwable cause) {
        if (!connected) {
            return;
        }
        connected = false;
        closeClient();
        if (closed) {
            return;
        }
        Duration wait = delay.next();
        Logger.warn("mqtt: lost the connection{} ({}); reconnecting in {} ms", broker == null ? "" : " to " + broker,
                BrokerLogin.reason(cause), wait.toMillis());
        worker.schedule(guarded("connecting", this::connect), wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void closeClient() {
        if (client == null) {
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1000);
            }
            client.close(true);
        } catch (MqttException e) {
            Logger.debug("mqtt: closing the old client: {}", BrokerLogin.reason(e));
        }
        client = null;
    }

    /** A clean stop says offline itself (the will is only for deaths), then disconnects. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        var stopped = worker.submit(() -> {
            if (connected) {
                try {
                    publish(topics.status(), bytes(OFFLINE), true);
                    client.disconnect(2000);
                    Logger.info("mqtt: said offline and disconnected");
                } catch (MqttException e) {
                    Logger.warn("mqtt: could not say offline before stopping ({}); the broker's will says it", BrokerLogin.reason(e));
                }
                connected = false;
            }
            closeClient();
        });
        try {
            stopped.get(OPERATION_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            Logger.warn("mqtt: stopping took too long: {}", e.getMessage());
        } finally {
            worker.shutdownNow();
        }
    }

    /** Runs {@code task}, logging what it throws, so one failure never ends a scheduled task's repeats. */
    private Runnable guarded(String what, ThrowingTask task) {
        return () -> {
            try {
                task.run();
            } catch (Exception e) {
                Logger.warn("mqtt: {} failed: {}", what, BrokerLogin.reason(e));
            }
        };
    }

    @FunctionalInterface
    private interface ThrowingTask {
        void run() throws Exception;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Paho's callbacks, on Paho's threads: hand everything to the mqtt thread or to {@link Commands}. */
    private final class Callback implements MqttCallback {

        private final ServiceUrl broker;

        Callback(ServiceUrl broker) {
            this.broker = broker;
        }

        @Override
        public void connectionLost(Throwable cause) {
            if (!closed) {
                worker.execute(() -> lost(broker, cause));
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            String command = topics.command(topic);
            if (command != null) {
                commands.handle(command, message.getPayload(), message.isRetained());
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // Publishing is synchronous: the publish call itself waited for this.
        }
    }
}
