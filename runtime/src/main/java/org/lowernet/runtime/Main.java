package org.lowernet.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.tinylog.Logger;

/** Entry point of the runtime: reports what it found on the device, says it is ready, keeps running. */
public final class Main {

    /** The line that tells a person, and the boot tests, that the router is up. */
    public static final String READY = "lowernet ready";

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path root = Path.of(System.getProperty("lowernet.root", "/"));
        DeviceFacts facts = DeviceFacts.read(root);
        Logger.info("lowernet runtime {}", version());
        Logger.info("board: {}", facts.board().orElse("unknown (no /proc/device-tree/model)"));
        Logger.info("kernel: {}", facts.kernelRelease());
        Logger.info(facts.config()
                .map(p -> "lowernet.conf: found at " + p)
                .orElse("lowernet.conf: not found on the boot partition, using defaults"));

        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Logger.info("lowernet stopping");
            stop.countDown();
        }, "shutdown"));
        Logger.info(READY);
        stop.await();
    }

    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("/lowernet-runtime.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
