package io.jrqlite.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrqlite.container.EntrypointPlan.Command;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntrypointPlanTest {

    private static final EntrypointPlan.Host HOST = new EntrypointPlan.Host() {
        @Override
        public String name() {
            return "c0ffee";
        }

        @Override
        public String fullName() {
            return "c0ffee.example";
        }
    };

    private static EntrypointPlan decide(List<String> args, Map<String, String> env) throws Exception {
        return EntrypointPlan.decide(args, env, HOST, p -> p.equals(Path.of("/opt/extensions/sqlean")));
    }

    @Test
    void runStartsRqlitedWithTheImageDefaults() throws Exception {
        EntrypointPlan plan = decide(List.of("run"), Map.of());
        assertThat(plan.command()).isEqualTo(Command.RQLITED);
        assertThat(plan.args()).containsExactly("-node-id", "c0ffee", "-http-addr", "0.0.0.0:4001",
                "-http-adv-addr", "c0ffee.example:4001", "-raft-addr", "0.0.0.0:4002",
                "-raft-adv-addr", "c0ffee.example:4002", "/rqlite/file/data");
        assertThat(plan.startDelay()).isZero();
        assertThat(decide(List.of(), Map.of()).args()).isEqualTo(plan.args());
    }

    @Test
    void theVariablesReplaceTheDefaults() throws Exception {
        EntrypointPlan plan = decide(List.of("run"), Map.of("NODE_ID", "n2", "HTTP_ADDR", "127.0.0.1:5001",
                "HTTP_ADV_ADDR", "db2:5001", "RAFT_ADDR", "127.0.0.1:5002", "RAFT_ADV_ADDR", "db2:5002",
                "DATA_DIR", "/data/n2"));
        assertThat(plan.args()).containsExactly("-node-id", "n2", "-http-addr", "127.0.0.1:5001",
                "-http-adv-addr", "db2:5001", "-raft-addr", "127.0.0.1:5002", "-raft-adv-addr", "db2:5002",
                "/data/n2");
    }

    @Test
    void flagsAreMergedBetweenTheDefaultsAndTheDataDirectoryAndWinOverTheVariables() throws Exception {
        EntrypointPlan plan = decide(List.of("-join", "127.0.0.1:4002", "-http-addr=127.0.0.1:7001",
                "--node-id", "mine"), Map.of("HTTP_ADDR", "127.0.0.1:5001", "NODE_ID", "n2"));
        assertThat(plan.args()).containsExactly("-http-adv-addr", "c0ffee.example:4001",
                "-raft-addr", "0.0.0.0:4002", "-raft-adv-addr", "c0ffee.example:4002",
                "-join", "127.0.0.1:4002", "-http-addr=127.0.0.1:7001", "--node-id", "mine", "/rqlite/file/data");
    }

    @Test
    void theTwoProgramsRunAsGiven() throws Exception {
        EntrypointPlan server = decide(List.of("rqlited", "-node-id", "x", "/d"), Map.of("NODE_ID", "ignored"));
        assertThat(server.command()).isEqualTo(Command.RQLITED);
        assertThat(server.args()).containsExactly("-node-id", "x", "/d");
        EntrypointPlan shell = decide(List.of("rqlite", "-H", "db1"), Map.of("START_DELAY", "3"));
        assertThat(shell.command()).isEqualTo(Command.SHELL);
        assertThat(shell.args()).containsExactly("-H", "db1");
        assertThat(shell.startDelay()).isZero();
        assertThat(decide(List.of("healthcheck"), Map.of()).command()).isEqualTo(Command.HEALTHCHECK);
    }

    @Test
    void anyOtherCommandIsRefusedNamingTheArguments() {
        assertThatThrownBy(() -> decide(List.of("sh", "-c", "ls /"), Map.of()))
                .isInstanceOf(EntrypointPlan.Refused.class)
                .hasMessageStartingWith("cannot run \"sh -c ls /\": this image runs");
        assertThatThrownBy(() -> decide(List.of("run", "extra"), Map.of()))
                .hasMessageContaining("\"run extra\"");
    }

    @Test
    void startDelayTakesWhatSleepTakes() throws Exception {
        assertThat(decide(List.of("run"), Map.of("START_DELAY", "2")).startDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(decide(List.of("run"), Map.of("START_DELAY", "0.5")).startDelay()).hasMillis(500);
        assertThat(decide(List.of("run"), Map.of("START_DELAY", "1m")).startDelay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(decide(List.of("run"), Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1")).startDelay())
                .isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> decide(List.of("-fk"), Map.of("START_DELAY", "soon")))
                .hasMessage("invalid START_DELAY \"soon\"; arguments received: \"-fk\"");
    }

    @Test
    void extensionsComeFromTheImageFolderOrACustomPath() throws Exception {
        assertThat(decide(List.of("run"), Map.of("SQLITE_EXTENSIONS", "sqlean",
                "CUSTOM_SQLITE_EXTENSIONS_PATH", "/mine")).args())
                .contains("-extensions-path=/opt/extensions/sqlean,/mine");
        assertThatThrownBy(() -> decide(List.of("run"), Map.of("SQLITE_EXTENSIONS", "vec")))
                .hasMessage("SQLite extension vec does not exist");
        assertThatThrownBy(() -> decide(List.of("-extensions-path", "/x"), Map.of("SQLITE_EXTENSIONS", "sqlean")))
                .hasMessageStartingWith("setting both -extensions-path and SQLITE_EXTENSIONS is not allowed");
    }

    @Test
    void aFlagCountsAsGivenInEachOfGosSpellings() {
        assertThat(EntrypointPlan.given(List.of("-raft-addr", "x"), "-raft-addr")).isTrue();
        assertThat(EntrypointPlan.given(List.of("--raft-addr=x"), "-raft-addr")).isTrue();
        assertThat(EntrypointPlan.given(List.of("-raft-adv-addr", "x"), "-raft-addr")).isFalse();
    }
}
