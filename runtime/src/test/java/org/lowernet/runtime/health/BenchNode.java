package org.lowernet.runtime.health;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.ScheduledExecutorPingSender;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.lowernet.runtime.mqtt.BrokerLogin;

/**
 * One simulated node of {@link MqttCapacity}: its own MQTT connection with a retained Last Will on status,
 * retained online and nodeinfo once connected, and a realistic statistics payload (two interfaces) that carries
 * the step and a nanoTime stamp first, so the subscriber can count and time it.
 */
final class BenchNode {

    /** Connects in flight at once: a burst of thousands would overflow the broker's listen backlog. */
    private static final int CONNECTING_AT_ONCE = 64;
    private static final int KEEPALIVE_SECONDS = 30;

    private final MqttAsyncClient client;
    private final Topics topics;
    private final String statisticsTail;
    private volatile boolean lost;

    private BenchNode(MqttAsyncClient client, Topics topics, String statisticsTail) {
        this.client = client;
        this.topics = topics;
        this.statisticsTail = statisticsTail;
    }

    /**
     * Connects nodes {@code from} to {@code to} (exclusive) and adds them to {@code nodes}; waits ≤ {@code millis}.
     * Returns how many failed and the first reason, or null when all connected.
     */
    static String connectAll(String url, int from, int to, ScheduledExecutorService paho, List<BenchNode> nodes,
                             long millis) throws Exception {
        Semaphore slots = new Semaphore(CONNECTING_AT_ONCE);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        List<IMqttToken> tokens = new ArrayList<>();
        for (int i = from; i < to; i++) {
            if (!slots.tryAcquire(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                return (to - i) + " of " + (to - from) + " not even started within " + millis + " ms";
            }
            NodeInfo info = MqttBenchmark.nodeInfo(i);
            Topics topics = new Topics(MqttBenchmark.PREFIX, info.hostname());
            String json = MqttBenchmark.statistics(info.nodeId(), 2).toJson().toString();
            // A ScheduledExecutorPingSender on the shared executor: the default TimerPingSender is a thread per client.
            MqttAsyncClient client = new MqttAsyncClient(url, "lowernet-" + info.hostname() + "-" + info.nodeId(),
                    new MemoryPersistence(), new ScheduledExecutorPingSender(paho), paho);
            BenchNode node = new BenchNode(client, topics, json.substring(1));
            client.setCallback(node.new Watch());
            MqttConnectOptions options = MqttCapacity.options(KEEPALIVE_SECONDS);
            options.setWill(topics.status(), bytes(HealthReporter.OFFLINE), 1, true);
            byte[] nodeinfo = bytes(info.toJson().toString());
            tokens.add(client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    slots.release();
                    try {
                        client.publish(topics.status(), bytes(HealthReporter.ONLINE), 1, true);
                        client.publish(topics.nodeinfo(), nodeinfo, 1, true);
                    } catch (MqttException e) {
                        node.lost = true;
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    slots.release();
                }
            }));
            nodes.add(node);
        }
        int failed = 0;
        String first = null;
        for (IMqttToken token : tokens) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            try {
                token.waitForCompletion(Math.max(1, left));
            } catch (MqttException e) {
                failed++;
                first = first == null ? BrokerLogin.reason(e) : first;
            }
        }
        return failed == 0 ? null : failed + " of " + (to - from) + " failed, first: " + first;
    }

    /** Publishes one statistics message stamped with {@code step} and now; its size, or -1 if Paho refused. */
    int publish(int step) {
        byte[] payload = bytes("{\"bench_step\":" + step + ",\"bench_nanos\":" + System.nanoTime() + ","
                + statisticsTail);
        try {
            client.publish(topics.statistics(), payload, 1, false);
            return payload.length;
        } catch (MqttException e) {
            return -1;
        }
    }

    boolean lost() {
        return lost;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private final class Watch implements MqttCallback {

        @Override
        public void connectionLost(Throwable cause) {
            lost = true;
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // Subscribes to nothing.
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // QoS 1 acknowledgements need no action here.
        }
    }
}
