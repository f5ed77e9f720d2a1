package org.lowernet.runtime.led;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the kernel holds on the LED lines, from debugfs ({@code /sys/kernel/debug/gpio}, gpiolib's
 * gpiolib_dbg_show): a line requested as output reads " gpio-529 (GPIO17 |consumer) out hi". Reading it
 * never takes the line, so it is an independent witness of what the player wrote.
 */
public final class GpioReadBack {

    /** BCM lines are named GPIO0 ... GPIO53 by pinctrl-bcm2835's gpio-line-names. */
    private static final Pattern LINE = Pattern.compile("\\(GPIO(\\d+)\\s*\\|[^)]*\\)\\s+out\\s+(hi|lo)");

    private GpioReadBack() {
    }

    /** "gpio17=hi gpio22=lo" for the requested outputs among {@code gpios}; a line not held shows "?". */
    public static String read(Path debugGpio, Collection<Integer> gpios) throws IOException {
        Map<Integer, String> levels = new TreeMap<>();
        Matcher m = LINE.matcher(Files.readString(debugGpio, StandardCharsets.US_ASCII));
        while (m.find()) {
            levels.put(Integer.parseInt(m.group(1)), m.group(2));
        }
        return gpios.stream().sorted().map(g -> "gpio" + g + "=" + levels.getOrDefault(g, "?"))
                .collect(Collectors.joining(" "));
    }
}
