package org.lowernet.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The mqtt.* keys together: defaults, the rules between them, and the password kept out of every text. */
class MqttConfigTest {

    @Test
    void withoutABrokerReportingIsOffAndThePrefixFollowsTheSite() {
        MqttConfig none = ConfigTesting.valid("").mqtt();
        assertFalse(none.enabled());
        assertEquals("lowernet/default", none.prefix(Optional.empty()));
        assertEquals("lowernet/riverside", none.prefix(Optional.of("riverside")));
        assertEquals(Duration.ofSeconds(30), none.interval());
        assertEquals(200, none.buffer());
        assertTrue(ConfigTesting.valid("").summary().contains("; mqtt off;"));
    }

    @Test
    void brokersAreTriedInTheirOrderWithTheSchemesDefaultPorts() {
        LowernetConfig config = ConfigTesting.valid("""
                mqtt.broker = ssl://mqtt.riverside.example, tcp://10.42.0.9
                mqtt.topic_prefix = mesh/riverside
                """);
        assertEquals(List.of(new ServiceUrl("ssl", "mqtt.riverside.example", 8883), new ServiceUrl("tcp", "10.42.0.9", 1883)),
                config.mqtt().brokers());
        assertEquals("mesh/riverside", config.mqtt().prefix(Optional.of("riverside")));
        assertTrue(config.summary().contains("mqtt ssl://mqtt.riverside.example:8883 then tcp://10.42.0.9:1883 anonymously"),
                config.summary());
    }

    @Test
    void aUserNameNeedsItsPasswordAndThePasswordItsUserName() {
        assertTrue(ConfigTesting.oneError("mqtt.broker = tcp://b\nmqtt.username = node", 2)
                .endsWith("expected mqtt.password as well, found no mqtt.password"));
        String message = ConfigTesting.oneError("mqtt.broker = tcp://b\nmqtt.password = hunter2", 2);
        assertTrue(message.endsWith("expected mqtt.username as well, found no mqtt.username"), message);
        assertFalse(message.contains("hunter2"), message);
    }

    @Test
    void aCaNeedsAnSslBroker() {
        assertTrue(ConfigTesting.oneError("mqtt.broker = tcp://b\nmqtt.ca = /boot/ca.pem", 2)
                .endsWith("expected mqtt.ca only with an ssl:// broker in mqtt.broker, found only tcp:// brokers"));
        assertTrue(ConfigTesting.oneError("mqtt.ca = /boot/ca.pem", 1).endsWith("found no mqtt.broker"));
    }

    @Test
    void thePasswordIsInNoTextTheConfigMakes() {
        LowernetConfig config = ConfigTesting.valid("""
                mqtt.broker = tcp://b
                mqtt.username = node
                mqtt.password = hunter2 with spaces
                """);
        assertEquals(Optional.of("hunter2 with spaces"), config.mqtt().password());
        assertTrue(config.mqtt().passwordInTheClear());
        for (String text : List.of(config.toString(), config.summary(), config.mqtt().toString())) {
            assertFalse(text.contains("hunter2"), text);
        }
        String duplicate = ConfigTesting.messages(ConfigTesting.parse("mqtt.password = hunter2\nmqtt.password = hunter3"));
        assertFalse(duplicate.contains("hunter"), duplicate);
    }

    @Test
    void aLocationIsTwoDegreesOnTheMap() {
        assertEquals(Optional.of(new Location(-33.8688, 151.2093)),
                ConfigTesting.valid("location = -33.8688, 151.2093").node().location());
        assertTrue(ConfigTesting.oneError("location = 52.52", 1).contains("latitude,longitude in decimal degrees"));
        assertTrue(ConfigTesting.oneError("location = 91,0", 1).contains("off the map"));
    }
}
