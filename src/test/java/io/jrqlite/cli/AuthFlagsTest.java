package io.jrqlite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jrqlite.auth.ClusterAuth;
import io.jrqlite.auth.Credentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -auth} and {@code -join-as} at start: what they load, and the reasons a node refuses to start. */
class AuthFlagsTest {

    @TempDir
    Path dir;

    private ClusterAuth load(String... flags) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of(flags));
        args.add(dir.resolve("data").toString());
        NodeConfig c = CommandLine.forSystem(() -> "test").parse(args);
        return RunningNode.loadAuth(c);
    }

    private Path file(String json) throws Exception {
        Path f = dir.resolve("auth.json");
        Files.writeString(f, json);
        return f;
    }

    @Test
    void noAuthMeansNoChecks() throws Exception {
        assertThat(load()).isEqualTo(ClusterAuth.NONE);
    }

    @Test
    void joinAsTakesThePasswordFromTheFile() throws Exception {
        Path f = file("[{\"username\":\"joiner\",\"password\":\"pw1\",\"perms\":[\"join\"]}]");
        ClusterAuth a = load("-auth", f.toString(), "-join-as", "joiner");
        assertThat(a.users()).isNotNull();
        assertThat(a.joinAs()).isEqualTo(new Credentials("joiner", "pw1"));
        assertThat(load("-auth", f.toString()).joinAs()).isNull();
    }

    @Test
    void badStartsAreRefusedWithAReason() throws Exception {
        assertThatThrownBy(() -> load("-join-as", "joiner"))
                .isInstanceOf(RunningNode.StartupException.class).hasMessage("-join-as requires -auth");
        Path f = file("[{\"username\":\"joiner\",\"password\":\"pw1\"}]");
        assertThatThrownBy(() -> load("-auth", f.toString(), "-join-as", "someone"))
                .isInstanceOf(RunningNode.StartupException.class)
                .hasMessage("-join-as user someone is not in " + f);
        Path bad = file("{\"username\":\"joiner\"}");
        assertThatThrownBy(() -> load("-auth", bad.toString()))
                .isInstanceOf(RunningNode.StartupException.class)
                .hasMessage("failed to load credential store " + bad + ": expected a JSON array of users");
    }

    @Test
    void aMissingFileIsRefusedBeforeStart() {
        String missing = dir.resolve("nope.json").toString();
        CliExit e = org.assertj.core.api.Assertions.catchThrowableOfType(CliExit.class, () -> load("-auth", missing));
        assertThat(e.exitCode()).isEqualTo(1);
        assertThat(e.text()).isEqualTo("fatal: " + missing + " does not exist");
    }
}
