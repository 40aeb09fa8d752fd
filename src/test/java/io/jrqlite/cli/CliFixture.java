package io.jrqlite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Set;

/** Runs the command line against a fixed clock and a fake file system. */
final class CliFixture {

    static final String VERSION_LINE = "rqlited 10.0.0 linux amd64 java17 sqlite3.50.0 (commit abc, compiler javac17)";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);

    private CliFixture() {
    }

    /** A command line where exactly these paths exist. */
    static CommandLine commandLine(String... existingPaths) {
        Set<String> existing = Set.of(existingPaths);
        return new CommandLine(CLOCK, existing::contains, () -> VERSION_LINE);
    }

    static NodeConfig parse(String... args) throws CliExit {
        return commandLine().parse(Arrays.asList(args));
    }

    /** The exit that these arguments must cause. */
    static CliExit exit(String... args) {
        return exitWithFiles(new String[0], args);
    }

    static CliExit exitWithFiles(String[] existingPaths, String... args) {
        CliExit e = catchThrowableOfType(CliExit.class, () -> commandLine(existingPaths).parse(Arrays.asList(args)));
        assertThat(e).as("expected %s to end the process", Arrays.toString(args)).isNotNull();
        return e;
    }

    /** Asserts a {@code fatal: <reason>} exit with code 1 and no usage. */
    static void assertFatal(String reason, String... args) {
        CliExit e = exit(args);
        assertThat(e.text()).isEqualTo("fatal: " + reason);
        assertThat(e.exitCode()).isEqualTo(1);
        assertThat(e.printUsage()).isFalse();
        assertThat(e.stderrOutput()).isEqualTo("fatal: " + reason + "\n");
    }
}
