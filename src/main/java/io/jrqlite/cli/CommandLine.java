package io.jrqlite.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The rqlited command line, {@code rqlited [flags] <data directory>}, turned into a {@link NodeConfig} or a
 * {@link CliExit} that says what to print and how to exit, in the same cases, order and words as rqlited:
 * <ol>
 *   <li>no arguments at all: a log line {@code [rqlited] <time> failed to parse command-line flags: missing
 *       required argument: DataPath}, exit 1;</li>
 *   <li>flag syntax errors: Go's message and the usage, exit 2 ({@code -h}: usage, exit 0);</li>
 *   <li>{@code -version}: the version line, exit 0;</li>
 *   <li>{@code -raft-reap-node-timeout} / {@code -raft-reap-read-only-node-timeout} given but not positive;</li>
 *   <li>arguments after the data directory (printed without {@code fatal:}), exit 1;</li>
 *   <li>{@link ConfigValidator}'s checks, {@code fatal: <reason>}, exit 1.</li>
 * </ol>
 * Nothing here prints or exits.
 */
public final class CommandLine {

    private static final String NAME = "rqlited";
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");

    private final Clock clock;
    private final Predicate<String> pathExists;
    private final Supplier<String> versionLine;

    /**
     * @param clock       the time stamped on the one log-style message
     * @param pathExists  whether a path given on the command line exists
     * @param versionLine the {@code -version} text, e.g. {@code () -> VersionInfo.load().versionLine(sqlite)}
     */
    public CommandLine(Clock clock, Predicate<String> pathExists, Supplier<String> versionLine) {
        this.clock = clock;
        this.pathExists = pathExists;
        this.versionLine = versionLine;
    }

    /** The system clock and file system. */
    public static CommandLine forSystem(Supplier<String> versionLine) {
        return new CommandLine(Clock.systemDefaultZone(), CommandLine::existsOnDisk, versionLine);
    }

    /**
     * Parses and validates the arguments (without the program name).
     *
     * @throws CliExit when the process should end instead of starting a node
     */
    public NodeConfig parse(List<String> args) throws CliExit {
        if (args.isEmpty()) {
            throw new CliExit(1, "[" + NAME + "] " + LocalDateTime.now(clock).format(LOG_TIME)
                    + " failed to parse command-line flags: missing required argument: DataPath", false);
        }
        ParsedFlags flags = FlagParser.parse(args);
        if (flags.bool(Flags.VERSION)) {
            throw new CliExit(0, versionLine.get(), false);
        }
        // Sorted by name, as rqlite visits them.
        for (String reap : List.of("raft-reap-node-timeout", "raft-reap-read-only-node-timeout")) {
            if (flags.isGiven(reap) && (flags.duration(reap).isNegative() || flags.duration(reap).isZero())) {
                throw CliExit.fatal("-" + reap + " must be greater than 0");
            }
        }
        List<String> rest = flags.remaining();
        if (rest.size() > 1) {
            throw new CliExit(1, "arguments after data directory (" + rest.get(0) + ") are not accepted ("
                    + goList(rest.subList(1, rest.size())) + ")", false);
        }
        return new ConfigValidator(pathExists).validate(flags);
    }

    /** The usage text printed for {@code -h} and after flag errors. */
    public static String usage() {
        return FlagParser.usage();
    }

    /** Go's {@code %v} of a string slice: {@code [a b c]}. */
    private static String goList(List<String> items) {
        return "[" + String.join(" ", items) + "]";
    }

    private static boolean existsOnDisk(String path) {
        try {
            return Files.exists(Path.of(path));
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
