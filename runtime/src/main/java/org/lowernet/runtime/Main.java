package org.lowernet.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.lowernet.runtime.cli.ExitCode;
import org.lowernet.runtime.cli.FrontDoor;

/**
 * Entry point of the runtime: picks a subcommand. Without arguments it runs the daemon, because the
 * image's inittab starts {@code /opt/lowernet/bin/lowernet} bare.
 */
public final class Main {

    /** The line that tells a person, and the boot tests, that the router is up. */
    public static final String READY = "lowernet ready";

    private static final String DEFAULT_COMMAND = "run";
    private static final Map<String, Command> COMMANDS = commands();

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        // Success returns normally: "run" ends inside the JVM's shutdown, where System.exit would block.
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the command line {@code args}; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> words = Arrays.asList(args);
        String name = words.isEmpty() ? DEFAULT_COMMAND : words.getFirst();
        if (List.of("help", "-h", "--help").contains(name)) {
            out.print(usage());
            return ExitCode.OK;
        }
        if (name.equals("--version")) {
            out.println("lowernet " + version());
            return ExitCode.OK;
        }
        Command command = select(words);
        if (command == null) {
            err.print("lowernet: unknown command '" + name + "'\n" + usage());
            return ExitCode.USAGE;
        }
        List<String> rest = words.isEmpty() ? List.of() : words.subList(1, words.size());
        // On the device init restarts a failed daemon; the line is what a person reads on the console.
        return FrontDoor.of(name, out, err).run(rest, () -> command.run(rest, out, err));
    }

    /** The command {@code words} names, the daemon when they are empty, null when unknown. */
    static Command select(List<String> words) {
        return COMMANDS.get(words.isEmpty() ? DEFAULT_COMMAND : words.getFirst());
    }

    static String usage() {
        StringBuilder text = new StringBuilder();
        String lead = "usage: lowernet ";
        for (Command command : COMMANDS.values()) {
            text.append(lead).append(command.synopsis()).append('\n');
            lead = "       lowernet ";
        }
        return text.toString();
    }

    private static Map<String, Command> commands() {
        Map<String, Command> commands = new LinkedHashMap<>();
        commands.put(DEFAULT_COMMAND, new RunCommand());
        commands.put("check-config", new CheckConfigCommand());
        commands.put("watch", new WatchCommand());
        commands.put("boots", new BootsCommand());
        commands.put("tunnel-key", new TunnelKeyCommand());
        commands.put("install-update", new InstallUpdateCommand(System.in));
        commands.put("update-status", new UpdateStatusCommand());
        return Collections.unmodifiableMap(commands);
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
