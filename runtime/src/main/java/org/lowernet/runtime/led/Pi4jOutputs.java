package org.lowernet.runtime.led;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.util.EnumMap;
import java.util.Map;
import org.lowernet.runtime.config.ActiveLevel;

/**
 * The LED lines as Pi4J digital outputs on one provider chosen by id: {@link #GPIOD} on the device. Pi4J's
 * auto-detection would pick the mock provider whenever it is on the class path, so the id is never left to it.
 * The gpiod provider unpacks its native library into {@code java.io.tmpdir}, which must allow exec
 * (the device's /tmp: tmpfs, nosuid,nodev, not noexec).
 */
public final class Pi4jOutputs implements AutoCloseable {

    /** pi4j-plugin-gpiod's digital output provider (GpioDDigitalOutputProvider.ID): the GPIO character device. */
    public static final String GPIOD = "gpiod-digital-output";

    private final Context context;
    private final Map<Led, LedOutput> outputs;

    private Pi4jOutputs(Context context, Map<Led, LedOutput> outputs) {
        this.context = context;
        this.outputs = outputs;
    }

    /** Requests every pin as an output, initially dark; on a failure, releases what it took and throws. */
    public static Pi4jOutputs open(String providerId, Map<Led, LedPin> pins) {
        Context context = Pi4J.newContextBuilder().noAutoDetectPlatforms().autoDetectProviders()
                .disableShutdownHook().build();
        Map<Led, LedOutput> outputs = new EnumMap<>(Led.class);
        try {
            pins.forEach((led, pin) -> outputs.put(led, open(context, providerId, led, pin)));
        } catch (RuntimeException e) {
            context.shutdown();
            throw e;
        }
        return new Pi4jOutputs(context, outputs);
    }

    private static LedOutput open(Context context, String providerId, Led led, LedPin pin) {
        DigitalState dark = pin.active() == ActiveLevel.LOW ? DigitalState.HIGH : DigitalState.LOW;
        DigitalOutput line;
        try {
            line = context.create(DigitalOutput.newConfigBuilder(context).id("led-" + led.key())
                    .name("lowernet " + led.key() + " LED").address(pin.gpio()).initial(dark).shutdown(dark)
                    .provider(providerId).build());
        } catch (RuntimeException e) {
            throw new IllegalStateException("opening the " + led.key() + " LED on GPIO " + pin.gpio() + " through "
                    + providerId + ": " + e.getMessage() + "; is the line used by another program or overlay?", e);
        }
        LedOutput high = new LedOutput() {
            @Override
            public void set(boolean level) {
                line.state(level ? DigitalState.HIGH : DigitalState.LOW);
            }

            @Override
            public String toString() {
                return "GPIO " + pin.gpio();
            }
        };
        return pin.active() == ActiveLevel.LOW ? LedOutput.activeLow(high) : high;
    }

    /** The outputs by LED (active level already applied). */
    public Map<Led, LedOutput> outputs() {
        return outputs;
    }

    /** Releases the lines (each at its dark level) and Pi4J's context. */
    @Override
    public void close() {
        context.shutdown();
    }
}
