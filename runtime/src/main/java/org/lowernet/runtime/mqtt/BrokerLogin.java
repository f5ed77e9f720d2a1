package org.lowernet.runtime.mqtt;

import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.lowernet.runtime.config.ServiceUrl;

/**
 * How lowernet logs in to an MQTT broker, for the reporter and for {@code lowernet watch} alike: MQTT 3.1.1,
 * clean session, no automatic reconnect (each caller has its own policy), an optional user and password, and
 * for ssl:// a CA's TLS (else the JRE's) with the host name checked against the certificate.
 *
 * @param tls the socket factory for ssl:// brokers; empty means the JRE's trusted CAs
 */
public record BrokerLogin(Optional<String> username, Optional<char[]> password, Optional<SSLSocketFactory> tls) {

    /** Paho's connect options for {@code broker}; the caller adds what is its own, such as a Last Will. */
    public MqttConnectOptions options(ServiceUrl broker, Duration keepalive, Duration timeout) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        // Pinned: Paho's default retries a refused 3.1.1 login as 3.1, knocking twice per attempt.
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setKeepAliveInterval((int) keepalive.toSeconds());
        options.setConnectionTimeout((int) timeout.toSeconds());
        username.ifPresent(options::setUserName);
        password.ifPresent(options::setPassword);
        if (broker.scheme().equals("ssl")) {
            options.setSocketFactory(tls.orElseGet(() -> (SSLSocketFactory) SSLSocketFactory.getDefault()));
            options.setHttpsHostnameVerificationEnabled(true);
        }
        return options;
    }

    /** "user 'infoshop'" or "an anonymous client", for messages about a refusal. */
    public String who() {
        return username.map(u -> "user '" + u + "'").orElse("an anonymous client");
    }

    /** Whether the broker refused the login (mosquitto 2.0 answers a wrong password with "not authorised"). */
    public static boolean refused(MqttException e) {
        return e.getReasonCode() == MqttException.REASON_CODE_FAILED_AUTHENTICATION
                || e.getReasonCode() == MqttException.REASON_CODE_NOT_AUTHORIZED;
    }

    /** Paho's message and, where it differs, the root cause's: Paho's own texts are often generic. */
    public static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return root == e || root.getMessage() == null ? message : message + " (" + root.getMessage() + ")";
    }
}
