package org.lowernet.runtime.lifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.lowernet.runtime.config.ValueTypes;
import org.lowernet.runtime.data.AtomicFile;
import org.lowernet.runtime.subsystem.Subsystem;
import org.tinylog.Logger;

/**
 * Saves a valid lowernet.conf as the last good config once the router has run healthy with it for {@code
 * reliability.good_after}: started last, so its clock runs from ready. An invalid file at a later boot then
 * runs this copy ({@link LoadedConfig}). Only a config read from a valid file is saved, never a fallback, and
 * only when it differs from the saved one (an SD card's writes are not free).
 */
final class LastGoodConfig implements Subsystem {

    /** Where the copy lives, below the root. */
    static final String FILE = "data/lowernet/last-good.conf";

    private final Path saved;
    private final Optional<String> text;
    private final Duration goodAfter;
    private final BooleanSupplier healthy;
    private Thread timer;

    /** @param healthy whether the router is healthy now; checked when the time has come */
    LastGoodConfig(Path root, LoadedConfig loaded, Duration goodAfter, BooleanSupplier healthy) {
        this.saved = root.resolve(FILE);
        this.text = loaded.text();
        this.goodAfter = goodAfter;
        this.healthy = healthy;
    }

    @Override
    public String name() {
        return "last-good";
    }

    @Override
    public boolean essential() {
        return false;
    }

    @Override
    public void start() {
        if (text.isEmpty()) {
            return;
        }
        timer = Thread.ofVirtual().name("last-good").start(() -> {
            try {
                Thread.sleep(goodAfter);
                save();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // stopped before the time came: nothing saved
            }
        });
    }

    /** Saves the config now if the router is healthy and the copy differs; returns whether it wrote. */
    boolean save() {
        if (!healthy.getAsBoolean()) {
            Logger.warn("config: not saved as the last good config: the router is not healthy after {}",
                    ValueTypes.format(goodAfter));
            return false;
        }
        try {
            if (Files.exists(saved) && Files.readString(saved, StandardCharsets.UTF_8).equals(text.orElseThrow())) {
                Logger.info("config: lowernet.conf ran healthy for {}; it is the saved last good config already",
                        ValueTypes.format(goodAfter));
                return false;
            }
            AtomicFile.write(saved, text.orElseThrow());
            Logger.info("config: lowernet.conf ran healthy for {}: saved as the last good config ({})",
                    ValueTypes.format(goodAfter), saved);
            return true;
        } catch (IOException e) {
            Logger.warn("config: saving the last good config {} failed: {}", saved, e.getMessage());
            return false;
        }
    }

    @Override
    public void stop() throws InterruptedException {
        if (timer != null) {
            timer.interrupt();
            timer.join(Duration.ofSeconds(5));
        }
    }
}
