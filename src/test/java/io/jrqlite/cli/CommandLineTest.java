package io.jrqlite.cli;

import static io.jrqlite.cli.CliFixture.assertFatal;
import static io.jrqlite.cli.CliFixture.exit;
import static io.jrqlite.cli.CliFixture.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void noArgumentsAtAll() {
        CliExit e = exit();
        assertThat(e.exitCode()).isEqualTo(1);
        assertThat(e.printUsage()).isFalse();
        assertThat(e.text()).isEqualTo(
                "[rqlited] 2025/01/02 03:04:05 failed to parse command-line flags: missing required argument: DataPath");
    }

    @Test
    void flagsButNoDataDirectory() {
        assertFatal("data directory path is required", "-fk");
        assertFatal("data directory path is required", "-fk", "--");
        assertFatal("data directory path is required", "  ");
    }

    @Test
    void versionGoesBeforeAnyValidation() {
        CliExit e = exit("-version");
        assertThat(e.exitCode()).isZero();
        assertThat(e.printUsage()).isFalse();
        assertThat(e.stderrOutput()).isEqualTo(CliFixture.VERSION_LINE + "\n");
        assertThat(exit("-http-addr", "http://x:1", "-version", "d", "extra").exitCode()).isZero();
        assertThat(exit("-version=false").text()).isEqualTo("fatal: data directory path is required");
    }

    @Test
    void flagErrorsExitTwoWithUsage() {
        CliExit e = exit("-nope");
        assertThat(e.exitCode()).isEqualTo(2);
        assertThat(e.stderrOutput()).isEqualTo("flag provided but not defined: -nope\n" + CommandLine.usage());
    }

    @Test
    void helpExitsZero() {
        CliExit e = exit("-h");
        assertThat(e.exitCode()).isZero();
        assertThat(e.stderrOutput()).isEqualTo(CommandLine.usage());
        assertThat(CommandLine.usage()).startsWith("Usage: rqlited [flags] <data directory>\n");
    }

    @Test
    void argumentsAfterDataDirectory() {
        CliExit e = exit("-fk", "data", "a", "b");
        assertThat(e.exitCode()).isEqualTo(1);
        assertThat(e.printUsage()).isFalse();
        assertThat(e.text()).isEqualTo("arguments after data directory (data) are not accepted ([a b])");
        // A flag after the data directory is just another argument.
        assertThat(exit("data", "-fk").text())
                .isEqualTo("arguments after data directory (data) are not accepted ([-fk])");
    }

    @Test
    void separateFalseBecomesTheDataDirectory() throws CliExit {
        NodeConfig c = parse("-fk", "false");
        assertThat(c.fk()).isTrue();
        assertThat(c.dataDir()).isEqualTo(Path.of("false").toAbsolutePath().toString());
        assertThat(exit("-fk", "false", "data").text())
                .isEqualTo("arguments after data directory (false) are not accepted ([data])");
    }

    @Test
    void explicitReapTimeoutsMustBePositive() {
        assertFatal("-raft-reap-node-timeout must be greater than 0", "-raft-reap-node-timeout", "0s", "d");
        assertFatal("-raft-reap-read-only-node-timeout must be greater than 0",
                "-raft-reap-read-only-node-timeout=-1m", "d");
        // Checked by name order, and before arguments after the data directory.
        assertFatal("-raft-reap-node-timeout must be greater than 0",
                "-raft-reap-read-only-node-timeout=0h", "-raft-reap-node-timeout=0h", "d", "extra");
    }

    @Test
    void reapTimeoutsLeftAtTheirDefaultAreFine() throws CliExit {
        assertThat(parse("d").raftReapNodeTimeout()).isZero();
    }

    @Test
    void aSimpleNodeStarts() throws CliExit {
        NodeConfig c = parse("-node-id", "n1", "-http-addr", "localhost:4011", "-raft-addr", "localhost:4012",
                "/tmp/n1");
        assertThat(c.nodeId()).isEqualTo("n1");
        assertThat(c.httpAdvAddr()).isEqualTo("localhost:4011");
        assertThat(c.raftAdvAddr()).isEqualTo("localhost:4012");
        assertThat(c.dataDir()).isEqualTo("/tmp/n1");
    }

    @Test
    void dataDirectoryIsMadeAbsoluteAndClean() throws CliExit {
        assertThat(parse("/tmp/a/../b/").dataDir()).isEqualTo("/tmp/b");
        assertThat(parse(" rel ").dataDir()).isEqualTo(Path.of("rel").toAbsolutePath().toString());
    }

    @Test
    void forSystemChecksTheRealFileSystem() {
        CommandLine cl = CommandLine.forSystem(() -> "v");
        CliExit e = catchThrowableOfType(CliExit.class,
                () -> cl.parse(List.of("-auth", "/definitely/not/here.json", "d")));
        assertThat(e.text()).isEqualTo("fatal: /definitely/not/here.json does not exist");
    }
}
