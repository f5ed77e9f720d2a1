package org.lowernet.runtime.watch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import javax.net.SocketFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A node as the broker sees one: a Paho client with the runtime's Last Will (retained "offline" on its
 * status topic) that publishes retained online and nodeinfo, and statistics. {@link #die()} closes the TCP
 * socket under Paho without a DISCONNECT, which is what a power cut looks like to the broker: it must then
 * publish the will. Paho's disconnectForcibly would not do: it still says DISCONNECT, and the will is dropped.
 */
final class SimulatedNode implements AutoCloseable {

    private final String base;
    private final MqttClient client;
    private final SocketKeeper sockets = new SocketKeeper();

    SimulatedNode(String url, String prefix, String name) throws MqttException {
        this.base = prefix + "/" + name + "/";
        this.client = new MqttClient(url, "sim-" + name, new MemoryPersistence());
        client.setTimeToWait(10_000);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setKeepAliveInterval(5);
        options.setWill(base + "status", "offline".getBytes(StandardCharsets.UTF_8), 1, true);
        options.setSocketFactory(sockets);
        client.connect(options);
    }

    /** Retained online and nodeinfo, as the runtime publishes on each connection. */
    void birth(String release) throws MqttException {
        publish("status", "online", true);
        publish("nodeinfo", "{\"node_id\":\"" + base.hashCode() + "\",\"hostname\":\"x\",\"site\":\"riverside\","
                + "\"hardware\":{\"model\":\"Raspberry Pi 4 Model B\"},\"software\":{\"firmware\":{\"release\":\""
                + release + "\"}},\"network\":{\"addresses\":[\"198.51.100.2\"]}}", true);
    }

    /** @param time the node's clock when it measured: the watch learns the interval from it */
    void statistics(long seq, Instant time, double uptime, int clients) throws MqttException {
        publish("statistics", "{\"time\":\"" + time + "\",\"seq\":" + seq + ",\"uptime\":" + uptime
                + ",\"loadavg\":0.5,\"memory\":{\"total\":3900000,\"free\":3000000,\"available\":3500000},"
                + "\"clients\":{\"total\":" + clients + "},\"traffic\":{\"rx\":{\"bytes\":1},\"tx\":{\"bytes\":2}},"
                + "\"interfaces\":[{\"name\":\"eth0\",\"role\":\"wan\",\"present\":true,\"carrier\":true,"
                + "\"addresses\":[\"198.51.100.2/24\"]}],\"leds\":\"online\"}", false);
    }

    private void publish(String kind, String payload, boolean retained) throws MqttException {
        client.publish(base + kind, payload.getBytes(StandardCharsets.UTF_8), 1, retained);
    }

    /** Closes the socket under the client: the broker sees the connection end without a DISCONNECT. */
    void die() throws IOException {
        for (Socket socket : sockets.made) {
            socket.close();
        }
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(1000);
        }
        client.close(true);
    }

    /** Paho's tcp:// module calls createSocket() and then connect(); the sockets are kept to close them. */
    private static final class SocketKeeper extends SocketFactory {

        private final List<Socket> made = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public Socket createSocket() {
            Socket socket = new Socket();
            made.add(socket);
            return socket;
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            throw new IOException("unused by Paho's tcp:// module");
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
            throw new IOException("unused by Paho's tcp:// module");
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            throw new IOException("unused by Paho's tcp:// module");
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress local, int localPort) throws IOException {
            throw new IOException("unused by Paho's tcp:// module");
        }
    }
}
