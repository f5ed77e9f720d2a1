package org.lowernet.runtime.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One command as a person meets it. {@code --help} anywhere prints the command's help text (exit 0); a
 * wrong command line prints each problem and the help text (exit 2); a failure prints one line,
 * {@code lowernet <command>: <message>: <cause>: <cause>}, then any further lines of those messages
 * (exit 1), and the stack trace only when verbose.
 *
 * @param command the word after {@code lowernet}, as the person typed it
 */
public record FrontDoor(String command, PrintStream out, PrintStream err, boolean verbose) {

    /** Set by scripts/lowernet for {@code --verbose}: failures then show their stack trace. */
    public static final String VERBOSE = "LOWERNET_VERBOSE";
    private static final List<String> HELP = List.of("--help", "-h");
    /** What the file-system exceptions whose message is only the file's name mean. */
    private static final Map<Class<?>, String> FILE_PROBLEMS = Map.of(
            NoSuchFileException.class, "no such file",
            AccessDeniedException.class, "permission denied",
            FileAlreadyExistsException.class, "already exists",
            NotDirectoryException.class, "not a directory",
            DirectoryNotEmptyException.class, "directory not empty");

    /** A door whose verbosity comes from the environment ({@value #VERBOSE}). */
    public static FrontDoor of(String command, PrintStream out, PrintStream err) {
        return new FrontDoor(command, out, err, System.getenv(VERBOSE) != null);
    }

    /** The command's work, returning its exit code; throws {@link UsageException} for a wrong command line. */
    @FunctionalInterface
    public interface Work {
        int run() throws Exception;
    }

    /** Runs {@code work} for the command line {@code args} (the words after the command); returns the exit code. */
    public int run(List<String> args, Work work) {
        if (args.stream().anyMatch(HELP::contains)) {
            out.print(help(command));
            return ExitCode.OK;
        }
        try {
            return work.run();
        } catch (UsageException e) {
            e.problems().forEach(problem -> err.println(prefix() + problem));
            err.print(help(command));
            return ExitCode.USAGE;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return failed(e);
        }
    }

    /** Prints {@code e} as the one line described above (and its details); returns {@link ExitCode#FAILED}. */
    public int failed(Throwable e) {
        err.println(prefix() + summary(e));
        details(e).forEach(err::println);
        if (verbose) {
            e.printStackTrace(err);
        }
        return ExitCode.FAILED;
    }

    /** Prints a failure that has no exception behind it (a refusal); returns {@link ExitCode#FAILED}. */
    public int failed(String what) {
        err.println(prefix() + what);
        return ExitCode.FAILED;
    }

    private String prefix() {
        return "lowernet " + command + ": ";
    }

    /**
     * The help text of {@code command}: the class-path copy of {@code <module>/src/main/resources/help/<command>.txt},
     * the file scripts/lowernet prints for {@code --help} without building anything.
     */
    public static String help(String command) {
        String name = "/help/" + command + ".txt";
        try (InputStream in = FrontDoor.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no help text " + name + " on the class path: the jar was built"
                        + " without its src/main/resources/help; rebuild it");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the help text " + name, e);
        }
    }

    /**
     * The first line of each message in the cause chain, joined by ": ". A message a wrapper has quoted
     * already is not said again; only what its type adds is (": no such file").
     */
    static String summary(Throwable e) {
        List<String> parts = new ArrayList<>();
        for (Throwable t : chain(e)) {
            String says = firstLine(message(t));
            if (says == null) {
                continue;
            }
            String raw = t.getMessage() == null || t.getMessage().isBlank() ? null : firstLine(t.getMessage());
            if (raw != null && parts.stream().anyMatch(part -> part.contains(raw))) {
                String added = says.substring(raw.length());
                if (!parts.getLast().endsWith(added)) {
                    parts.set(parts.size() - 1, parts.getLast() + added);
                }
            } else {
                parts.add(says);
            }
        }
        return String.join(": ", parts);
    }

    /** The lines after the first of every message in the chain, such as a failed boot's last console lines. */
    static List<String> details(Throwable e) {
        List<String> lines = new ArrayList<>();
        for (Throwable t : chain(e)) {
            String message = message(t);
            if (message != null) {
                message.lines().skip(1).forEach(lines::add);
            }
        }
        return lines;
    }

    private static List<Throwable> chain(Throwable e) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /**
     * What {@code t} says: its message; the type's meaning added where the message is only a file name
     * (NoSuchFileException) and the type alone where there is no message; null where it only repeats its
     * cause ({@code new X(cause)}).
     */
    private static String message(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getSimpleName();
        }
        if (t.getCause() != null && message.equals(t.getCause().toString())) {
            return null;
        }
        if (t instanceof FileSystemException f && f.getReason() == null) {
            return message + ": " + FILE_PROBLEMS.getOrDefault(t.getClass(), t.getClass().getSimpleName());
        }
        return message;
    }

    private static String firstLine(String text) {
        return text == null ? null : text.lines().findFirst().orElse("");
    }
}
