package org.lowernet.runtime.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lowernet.runtime.config.LowernetConfig;

class LoadedConfigTest {

    @Test
    void aMissingFileMeansDefaultsWithoutErrors(@TempDir Path dir) {
        LoadedConfig loaded = LoadedConfig.load(dir.resolve("lowernet.conf"), dir.resolve("last-good.conf"));

        assertEquals(LowernetConfig.defaults(), loaded.config());
        assertFalse(loaded.fellBack());
        assertTrue(loaded.origin().startsWith("built-in defaults (no "), loaded.origin());
    }

    @Test
    void anInvalidFileFallsBackToDefaultsAndKeepsEveryError(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("lowernet.conf"), "site = Riverside!\nlan.address = 10.0.0.0/8\n");

        LoadedConfig loaded = LoadedConfig.load(file, dir.resolve("last-good.conf"));

        assertEquals(LowernetConfig.defaults(), loaded.config());
        assertTrue(loaded.fellBack());
        assertEquals(2, loaded.errors().size(), loaded.errors().toString());
        assertEquals("built-in defaults, because " + file + " has 2 error(s)", loaded.origin());
    }

    @Test
    void aValidFileIsUsed(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("lowernet.conf"), "lan.address = 192.0.2.1/24\n");

        LoadedConfig loaded = LoadedConfig.load(file, dir.resolve("last-good.conf"));

        assertEquals("192.0.2.1/24", loaded.config().lan().address().toString());
        assertEquals(file.toString(), loaded.origin());
    }

    @Test
    void anInvalidFileStillReportsWhereItsIdentityAndMqttLinesAreValid(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("lowernet.conf"), """
                node.name = infoshop-1
                site = riverside
                lan.address = 10.0.0.0/8
                mqtt.broker = ssl://mqtt.riverside.example
                mqtt.interval = 1m
                """);

        LoadedConfig loaded = LoadedConfig.load(file, dir.resolve("last-good.conf"));

        assertTrue(loaded.fellBack());
        assertEquals(1, loaded.errors().size(), loaded.errors().toString());
        assertEquals(LowernetConfig.defaults().lan(), loaded.config().lan(), "nothing that routes is taken");
        assertEquals("infoshop-1", loaded.config().node().name().orElseThrow());
        assertEquals("ssl://mqtt.riverside.example:8883", loaded.config().mqtt().brokers().getFirst().toString());
        assertTrue(loaded.origin().startsWith("built-in defaults except who the router is and where it reports"),
                loaded.origin());
    }

    @Test
    void anInvalidMqttLineMeansPlainDefaults(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("lowernet.conf"), "mqtt.broker = mqtts://b\nlan.address = 10.0.0.0/8\n");

        assertEquals(LowernetConfig.defaults(), LoadedConfig.load(file, dir.resolve("last-good.conf")).config());
    }

    @Test
    void anInvalidFileRunsTheLastGoodConfigAndKeepsItsErrors(@TempDir Path dir) throws IOException {
        Path saved = Files.writeString(dir.resolve("last-good.conf"), "node.name = infoshop-1\nlan.address = 192.0.2.1/24\n");
        Path file = Files.writeString(dir.resolve("lowernet.conf"), "node.name = infoshop-2\nlan.address = 10.0.0.0/8\n");

        LoadedConfig loaded = LoadedConfig.load(file, saved);

        assertTrue(loaded.fellBack());
        assertEquals(1, loaded.errors().size(), loaded.errors().toString());
        assertEquals("infoshop-1", loaded.config().node().name().orElseThrow());
        assertEquals("192.0.2.1/24", loaded.config().lan().address().toString());
        assertTrue(loaded.origin().startsWith("the last good config saved "), loaded.origin());
        assertTrue(loaded.origin().endsWith("(" + saved + "), because " + file + " has 1 error(s)"), loaded.origin());
        assertTrue(loaded.text().isEmpty(), "a fallback is never saved as the last good config");
    }

    @Test
    void aLastGoodConfigThisRuntimeFindsInvalidIsNotUsed(@TempDir Path dir) throws IOException {
        Path saved = Files.writeString(dir.resolve("last-good.conf"), "lan.adress = 192.0.2.1/24\n");
        Path file = Files.writeString(dir.resolve("lowernet.conf"), "lan.address = 10.0.0.0/8\n");

        LoadedConfig loaded = LoadedConfig.load(file, saved);

        assertEquals(LowernetConfig.defaults(), loaded.config());
        assertEquals("built-in defaults, because " + file + " has 1 error(s)", loaded.origin());
    }

    @Test
    void aMissingFileMeansDefaultsEvenWithALastGoodConfig(@TempDir Path dir) throws IOException {
        Path saved = Files.writeString(dir.resolve("last-good.conf"), "lan.address = 192.0.2.1/24\n");

        assertEquals(LowernetConfig.defaults(), LoadedConfig.load(dir.resolve("lowernet.conf"), saved).config(),
                "removing lowernet.conf is how a person resets a node");
    }

    @Test
    void aValidFileCarriesItsTextToBeSaved(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("lowernet.conf"), "lan.address = 192.0.2.1/24\n");

        assertEquals("lan.address = 192.0.2.1/24\n", LoadedConfig.load(file, dir.resolve("last-good.conf")).text().orElseThrow());
    }

    @Test
    void safeModeRunsTheDefaultsAndKeepsOnlyWhoTheRouterIsAndWhereItReports(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("lowernet.conf"), """
                node.name = infoshop-1
                lan.address = 192.0.2.1/24
                mqtt.broker = tcp://mqtt.riverside.example
                """);

        LoadedConfig loaded = LoadedConfig.safeMode(file, "5 crashes within 10 min");

        LowernetConfig defaults = LowernetConfig.defaults();
        assertEquals(defaults.lan(), loaded.config().lan(), "a valid LAN line is not used in safe mode either");
        assertEquals(defaults.interfaces(), loaded.config().interfaces());
        assertEquals(defaults.ssh(), loaded.config().ssh());
        assertEquals("tcp://mqtt.riverside.example", loaded.config().mqtt().brokers().getFirst().toString().replace(":1883", ""));
        assertEquals("infoshop-1", loaded.config().node().name().orElseThrow());
        assertFalse(loaded.fellBack(), "safe mode is not a config error");
        assertTrue(loaded.origin().startsWith("SAFE MODE after 5 crashes within 10 min: built-in defaults except"),
                loaded.origin());
        assertEquals(defaults, LoadedConfig.safeMode(dir.resolve("none.conf"), "x").config());
    }
}
