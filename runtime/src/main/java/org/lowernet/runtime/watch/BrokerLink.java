package org.lowernet.runtime.watch;

import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLException;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.lowernet.runtime.config.ServiceUrl;
import org.lowernet.runtime.mqtt.BrokerLogin;

/**
 * The watch's one MQTT connection (Paho v3, MQTT 3.1.1, clean session): every received message goes to the
 * {@link NodeTable} through the client's one callback (Paho's per-subscription listeners are avoided, see
 * BRIEF.md). A lost connection is only noted here; {@link Watch}'s loop decides when to {@link #reconnect()}.
 */
final class BrokerLink implements AutoCloseable {

    static final Duration KEEPALIVE = Duration.ofSeconds(30);
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ServiceUrl broker;
    private final MqttClient client;
    private final MqttConnectOptions connect;
    private final List<String> filters;
    private volatile boolean connected;
    private volatile String problem = "";

    private BrokerLink(ServiceUrl broker, MqttClient client, MqttConnectOptions connect, List<String> filters) {
        this.broker = broker;
        this.client = client;
        this.connect = connect;
        this.filters = filters;
    }

    /** Connects and subscribes, or throws Paho's exception, whose reason code says why. */
    static BrokerLink connect(ServiceUrl broker, String clientId, BrokerLogin login, List<String> filters, NodeTable table,
                              Clock clock) throws MqttException {
        MqttClient client = new MqttClient(broker.toString(), clientId, new MemoryPersistence());
        client.setTimeToWait(TIMEOUT.toMillis());
        MqttConnectOptions connect = login.options(broker, KEEPALIVE, TIMEOUT);
        BrokerLink link = new BrokerLink(broker, client, connect, filters);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                link.problem = "lost the connection to " + broker + ": " + reason(cause, login);
                link.connected = false;
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                table.accept(topic, message.getPayload(), message.isRetained(), clock.instant());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // The watch publishes nothing.
            }
        });
        try {
            link.open();
        } catch (MqttException e) {
            try {
                client.close(true);
            } catch (MqttException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return link;
    }

    private void open() throws MqttException {
        client.connect(connect);
        int[] qos = new int[filters.size()];
        Arrays.fill(qos, 1);
        // The array form: Paho's subscribe with an IMqttMessageListener has a known bug (BRIEF.md).
        client.subscribe(filters.toArray(String[]::new), qos);
        connected = true;
    }

    boolean connected() {
        return connected;
    }

    /** Why the link is down, for the screen. */
    String problem() {
        return problem;
    }

    /** One attempt to connect and subscribe again; the retained messages then bring the table up to date. */
    boolean reconnect() {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1000);
            }
            open();
            return true;
        } catch (MqttException e) {
            problem = "cannot reconnect to " + broker + ": " + reason(e, null);
            return false;
        }
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(1000);
        }
        client.close(true);
    }

    /** Why a connection failed, in words a volunteer can act on; Paho's own texts are often generic. */
    static String reason(Throwable e, BrokerLogin login) {
        if (e instanceof MqttException mqtt && BrokerLogin.refused(mqtt)) {
            String who = login == null ? "the login" : "the login of " + login.who();
            String what = mqtt.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED
                    ? "not authorised" : "bad user name or password";
            return "the broker refused " + who + " (" + what + ", MQTT reason code " + mqtt.getReasonCode() + ");"
                    + (login != null && login.username().isEmpty() ? " give --username and --password-file"
                    : " check --username and --password-file");
        }
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SSLException) {
                return "TLS failed (" + root(e).getMessage() + "); if the broker's certificate comes from the"
                        + " neighbourhood's own CA, give that CA with --ca FILE";
            }
        }
        if (root(e) instanceof UnknownHostException unknown) {
            return "no such host (" + unknown.getMessage() + "); check the name in --broker";
        }
        return BrokerLogin.reason(e);
    }

    private static Throwable root(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
