package io.jrqlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrqlite.testing.ChildNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scripts/rqlited} as a real process: start, serve, stop on SIGTERM with exit 0, restart with the data. */
class RqlitedProcessIT {

    @TempDir
    Path dir;

    @Test
    void servesStopsCleanlyOnSigtermAndRestartsWithItsData() {
        Path data = dir.resolve("node");
        try (ChildNode node = ChildNode.start(data)) {
            assertThat(node.api().execute("[\"CREATE TABLE foo (id INTEGER PRIMARY KEY, name TEXT)\"]").body())
                    .isEqualTo("{\"results\":[{}]}");
            assertThat(node.api().execute("[[\"INSERT INTO foo(name) VALUES(?)\", \"fiona\"]]").body())
                    .isEqualTo("{\"results\":[{\"last_insert_id\":1,\"rows_affected\":1}]}");

            assertThat(node.stop(Duration.ofSeconds(15))).as("exit code after SIGTERM").isZero();
            assertThat(node.log()).contains("shutting down");

            node.launch();
            assertThat(node.api().query("SELECT * FROM foo", "level=strong").body()).isEqualTo(
                    "{\"results\":[{\"columns\":[\"id\",\"name\"],\"types\":[\"integer\",\"text\"],"
                            + "\"values\":[[1,\"fiona\"]]}]}");
            assertThat(node.stop(Duration.ofSeconds(15))).isZero();
        }
    }

    @Test
    void everyAcknowledgedWriteSurvivesSigkill() {
        Path data = dir.resolve("crash");
        try (ChildNode node = ChildNode.start(data, "-raft-snap", "30", "-raft-snap-int", "1s")) {
            node.api().execute("[\"CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)\"]");
            int acknowledged = 0;
            for (int i = 0; i < 200; i++) {
                if (node.api().execute("[[\"INSERT INTO t(v) VALUES(?)\", \"row" + i + "\"]]").status() == 200) {
                    acknowledged++;
                }
                if (i == 100) {
                    assertThat(node.api().method("POST", "/snapshot", null).status()).isIn(200, 204);
                }
            }
            node.kill();
            node.launch();
            assertThat(node.api().query("SELECT COUNT(*) FROM t", "level=strong").body())
                    .isEqualTo("{\"results\":[{\"columns\":[\"COUNT(*)\"],\"types\":[\"integer\"],\"values\":[["
                            + acknowledged + "]]}]}");
            assertThat(acknowledged).isEqualTo(200);
        }
    }

    @Test
    void aDirectoryWithOnlyUnrelatedFilesIsANewNode() throws Exception {
        Path data = dir.resolve("helper-made");
        Files.createDirectories(data);
        Files.writeString(data.resolve("rqlited.err"), "");
        Files.writeString(data.resolve("pid"), "1234\n");
        try (ChildNode node = ChildNode.start(data)) {
            assertThat(node.api().get("/readyz").status()).isEqualTo(200);
        }
    }

    @Test
    void versionGoesToStderr() {
        ChildNode.Result r = ChildNode.run("-version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stderr()).startsWith("rqlited v");
    }

    @Test
    void unknownFlagExitsTwoWithGosMessage() {
        ChildNode.Result r = ChildNode.run("-nonsense", dir.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).startsWith("flag provided but not defined: -nonsense\n").contains("Usage:");
    }

    @Test
    void missingDataDirectoryIsFatal() {
        ChildNode.Result r = ChildNode.run("-node-id", "1");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("fatal: data directory path is required");
    }

    @Test
    void dataDirectoryThatIsAFileIsFatal() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        ChildNode.Result r = ChildNode.run("-http-addr", "127.0.0.1:0", "-raft-addr", "127.0.0.1:1", file.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("fatal: data directory " + file + " is not a directory");
    }

    @Test
    void flagOfAFeatureNotBuiltIsRefusedNotIgnored() {
        ChildNode.Result r = ChildNode.run("-cdc-config", "stdout", dir.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("fatal: -cdc-config is not supported yet");
    }
}
