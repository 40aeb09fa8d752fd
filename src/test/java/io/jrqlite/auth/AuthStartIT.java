package io.jrqlite.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrqlite.testing.ChildNode;
import io.jrqlite.testing.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rqlited} refuses to start on a bad {@code -auth} file or {@code -join-as}: {@code fatal: ...}, exit 1. */
class AuthStartIT {

    @TempDir
    Path dir;

    private ChildNode.Result run(String... flags) {
        String[] args = new String[flags.length + 5];
        args[0] = "-http-addr";
        args[1] = "127.0.0.1:" + FreePorts.next();
        args[2] = "-raft-addr";
        args[3] = "127.0.0.1:" + FreePorts.next();
        System.arraycopy(flags, 0, args, 4, flags.length);
        args[args.length - 1] = dir.resolve("data").toString();
        return ChildNode.run(args);
    }

    @Test
    void aMalformedUsersFileIsFatal() throws Exception {
        Path bad = Files.writeString(dir.resolve("users.json"), "[{\"username\": \"bob\", ");
        ChildNode.Result r = run("-auth", bad.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("fatal: failed to load credential store " + bad + ": invalid JSON");
    }

    @Test
    void joinAsNeedsAUserOfTheFile() throws Exception {
        Path users = Files.writeString(dir.resolve("users.json"), "[{\"username\":\"bob\",\"password\":\"pw\"}]");
        ChildNode.Result unknown = run("-auth", users.toString(), "-join-as", "alice");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("fatal: -join-as user alice is not in " + users);
        ChildNode.Result noAuth = run("-join-as", "bob");
        assertThat(noAuth.exitCode()).isEqualTo(1);
        assertThat(noAuth.stderr()).contains("fatal: -join-as requires -auth");
    }
}
