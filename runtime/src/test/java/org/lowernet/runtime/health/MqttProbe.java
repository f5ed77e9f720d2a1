package org.lowernet.runtime.health;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.lowernet.runtime.Arrivals;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.lowernet.runtime.mqtt.TrustedCa;

/**
 * A test's MQTT client (Paho v3, MQTT 3.1.1, clean session, in memory) that records every message of its
 * subscriptions in arrival order. All messages go through the client's one {@link MqttCallback}.
 */
public final class MqttProbe implements AutoCloseable {

    /** One message as it arrived. */
    public record Received(String topic, String payload, boolean retained, Instant at) {
    }

    /** Credentials, a CA to trust for ssl:// URLs, and a socket factory (e.g. {@link NamespaceSockets}). */
    public record Options(Optional<String> username, Optional<String> password, Optional<Path> caFile,
            Optional<String> namespace) {

        public static Options anonymous() {
            return new Options(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }

        public Options withUser(String name, String secret) {
            return new Options(Optional.of(name), Optional.of(secret), caFile, namespace);
        }

        /** Trust only this CA (PEM); without it ssl:// uses the JDK's default trust store. */
        public Options trusting(Path ca) {
            return new Options(username, password, Optional.of(ca), namespace);
        }

        /** Create the client's sockets in the namespace {@code ip netns add name} made. */
        public Options inNamespace(String name) {
            return new Options(username, password, caFile, Optional.of(name));
        }
    }

    private static final int TIMEOUT_SECONDS = 5;
    private static final long WAIT_MILLIS = 10_000;

    private final MqttClient client;
    private final Arrivals<Received> messages = new Arrivals<>();
    private volatile Throwable lost;

    private MqttProbe(MqttClient client) {
        this.client = client;
    }

    /** Connects (≤ 5 s) or throws Paho's MqttException, whose reason code says why the broker refused. */
    public static MqttProbe connect(String url, Options options) throws Exception {
        String id = "probe-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        MqttClient client = new MqttClient(url, id, new MemoryPersistence());
        client.setTimeToWait(WAIT_MILLIS);
        MqttProbe probe = new MqttProbe(client);
        client.setCallback(probe.new Recorder());
        MqttConnectOptions connect = new MqttConnectOptions();
        connect.setCleanSession(true);
        // Explicitly 3.1.1: Paho's default retries a refused 3.1.1 connect as 3.1, doubling every refusal.
        connect.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        connect.setConnectionTimeout(TIMEOUT_SECONDS);
        connect.setAutomaticReconnect(false);
        options.username().ifPresent(connect::setUserName);
        options.password().ifPresent(secret -> connect.setPassword(secret.toCharArray()));
        socketFactory(url, options).ifPresent(connect::setSocketFactory);
        try {
            client.connect(connect);
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
        return probe;
    }

    private static Optional<SocketFactory> socketFactory(String url, Options options) throws Exception {
        if (url.startsWith("ssl://")) {
            SSLSocketFactory tls = options.caFile().isPresent()
                    ? TrustedCa.socketFactory(options.caFile().get()) : (SSLSocketFactory) SSLSocketFactory.getDefault();
            return Optional.of(options.namespace().isPresent() ? NamespaceSockets.tls(options.namespace().get(), tls)
                    : tls);
        }
        return options.namespace().map(NamespaceSockets::named);
    }

    /** Subscribes at QoS 1 and waits (≤ 10 s) for the SUBACK. */
    public void subscribe(String... filters) throws MqttException {
        int[] qos = new int[filters.length];
        Arrays.fill(qos, 1);
        client.subscribe(filters, qos);
    }

    /** Publishes at QoS 1 and waits (≤ 10 s) for the PUBACK. */
    public void publish(String topic, String payload, boolean retained) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, retained);
    }

    public List<Received> messages() {
        return messages.all();
    }

    /** The first message {@code which} accepts; fails with everything that did arrive after {@code timeout}. */
    public Received await(Predicate<Received> which, Duration timeout) throws InterruptedException {
        return awaitCount(which, 1, timeout).getFirst();
    }

    /** The first {@code n} messages {@code which} accepts, in arrival order; fails as {@link #await} does. */
    public List<Received> awaitCount(Predicate<Received> which, int n, Duration timeout) throws InterruptedException {
        return messages.awaitCount(which, n, timeout, () -> "on " + client.getServerURI());
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /** Why Paho lost the connection, if it did (e.g. the broker stopped). */
    public Optional<Throwable> connectionLost() {
        return Optional.ofNullable(lost);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(TIMEOUT_SECONDS * 1000L);
        }
        client.close(true);
    }

    private final class Recorder implements MqttCallback {

        @Override
        public void connectionLost(Throwable cause) {
            lost = cause;
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            messages.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8),
                    message.isRetained(), Instant.now()));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // Publishing waits for the PUBACK itself.
        }
    }
}
