package org.lowernet.runtime.health;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.lowernet.runtime.Percentile;
import org.lowernet.runtime.mqtt.BrokerLogin;

/**
 * The collector of {@link MqttCapacity}: one QoS 1 subscription, counting the messages of the current step and
 * their latency from the {@code bench_nanos} stamp {@link BenchNode} puts first in each payload.
 */
final class StatisticsSubscriber implements MqttCallback, AutoCloseable {

    /** What arrived in one step; latencies in nanoseconds. */
    record Result(int delivered, long medianNanos, long p99Nanos, long maxNanos) {
    }

    private static final String STEP = "{\"bench_step\":";
    private static final String NANOS = "\"bench_nanos\":";
    private static final long WAIT_MILLIS = 10_000;

    private final MqttAsyncClient client;
    private int step = -1;
    private long[] latencies = new long[0];
    private int delivered;
    private long foreign;

    private StatisticsSubscriber(MqttAsyncClient client) {
        this.client = client;
    }

    static StatisticsSubscriber connect(String url, String filter) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(url, "lowernet-bench-collector", new MemoryPersistence());
        StatisticsSubscriber subscriber = new StatisticsSubscriber(client);
        client.setCallback(subscriber);
        client.connect(MqttCapacity.options(60)).waitForCompletion(WAIT_MILLIS);
        client.subscribe(filter, 1).waitForCompletion(WAIT_MILLIS);
        return subscriber;
    }

    /** From now on counts only messages stamped with {@code current}. */
    synchronized void begin(int current, int expected) {
        step = current;
        latencies = new long[Math.max(16, expected + expected / 10)];
        delivered = 0;
    }

    /** Waits until {@code count} messages of the step arrived, at most {@code millis}. */
    synchronized void awaitCount(int count, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (delivered < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    synchronized Result result() {
        long[] measured = Arrays.copyOf(latencies, Math.min(delivered, latencies.length));
        return new Result(delivered, Percentile.of(measured, 50), Percentile.of(measured, 99),
                Percentile.of(measured, 100));
    }

    @Override
    public synchronized void messageArrived(String topic, MqttMessage message) {
        long now = System.nanoTime();
        String payload = new String(message.getPayload(), 0, Math.min(80, message.getPayload().length),
                StandardCharsets.UTF_8);
        int comma = payload.indexOf(',');
        int nanos = payload.indexOf(NANOS);
        if (!payload.startsWith(STEP) || comma < 0 || nanos < 0) {
            foreign++;
            return;
        }
        if (Integer.parseInt(payload.substring(STEP.length(), comma)) != step) {
            return;
        }
        long sent = Long.parseLong(payload.substring(nanos + NANOS.length(), payload.indexOf(',', nanos)));
        if (delivered < latencies.length) {
            latencies[delivered] = now - sent;
        }
        delivered++;
        notifyAll();
    }

    @Override
    public void connectionLost(Throwable cause) {
        System.out.println("  the collector lost its connection: " + BrokerLogin.reason(cause));
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // Publishes nothing.
    }

    @Override
    public void close() throws MqttException {
        synchronized (this) {
            if (foreign > 0) {
                System.out.println("  the collector got " + foreign + " messages without a bench stamp");
            }
        }
        client.disconnect().waitForCompletion(WAIT_MILLIS);
        client.close();
    }
}
