package io.jrqlite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jrqlite.testing.Api;
import io.jrqlite.testing.ChildNode;
import io.jrqlite.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log of {@code scripts/rqlited}: the events on stdout, one rqlite-shaped line each; nothing on stderr in a
 * normal start and stop; {@code -raft-log-level} decides whether SOFAJRaft's lines show.
 */
class LogsIT {

    /** {@code [component] 2024/01/02 15:04:05.000 message}: every line, so no stack trace either. */
    private static final Pattern LINE =
            Pattern.compile("\\[\\w+] \\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\S.*");

    @TempDir
    Path dir;

    @Test
    void eventsGoToStdoutOneLineEachAndNothingToStderr() throws Exception {
        Output out = runNode(dir.resolve("default"), node -> {
            assertThat(node.execute("[\"CREATE TABLE t (id INTEGER PRIMARY KEY)\"]").status()).isEqualTo(200);
            assertThat(node.method("POST", "/snapshot", null).status()).isEqualTo(200);
        });

        assertThat(out.stderr()).as("stderr").isEmpty();
        List<String> lines = out.stdout().lines().toList();
        assertThat(lines).as(out.stdout()).allSatisfy(l -> assertThat(l).matches(LINE));
        assertThat(count(lines, "[RunningNode] ", "node child started: HTTP 127.0.0.1:")).as(out.stdout()).isOne();
        assertThat(count(lines, "[DatabaseStateMachine] ", "this node is now the leader (term 1)")).isOne();
        assertThat(count(lines, "[Rqlited] ", "received SIGTERM, shutting down")).isOne();
        assertThat(count(lines, "[RunningNode] ", "node stopped")).isOne();
        int snapshot = indexOf(lines, "[DatabaseSnapshots] ", "snapshot taken at index ");
        assertThat(snapshot).as("the forced snapshot, before the stop").isGreaterThanOrEqualTo(0)
                .isLessThan(indexOf(lines, "[Rqlited] ", "received SIGTERM"));
        assertThat(lines).as("SOFAJRaft at the default WARN: no INFO lines")
                .noneMatch(l -> l.startsWith("[NodeImpl]"));
    }

    @Test
    void raftLogLevelDebugShowsSofaJraftsLines() throws Exception {
        Output out = runNode(dir.resolve("debug"), node -> { }, "-raft-log-level", "debug");
        assertThat(out.stdout()).as(out.stdout()).contains("[NodeImpl] ");
        assertThat(out.stderr()).as("stderr").isEmpty();
    }

    @Test
    void anUnknownRaftLogLevelFailsTheStart() {
        ChildNode.Result r = ChildNode.run("-raft-log-level", "LOUD", dir.resolve("bad").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr())
                .isEqualTo("fatal: -raft-log-level must be TRACE, DEBUG, INFO, WARN, ERROR or OFF, not \"LOUD\"\n");
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void aPeerThatIsDownGivesAnOccasionalLineNotAStreamOfStackTraces() {
        try (ChildNode leader = ChildNode.start(dir.resolve("leader"));
                ChildNode follower = ChildNode.start(dir.resolve("follower"), "-node-id", "follower",
                        "-join", leader.raftAddress())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> leader.log().contains("node follower at "));
            follower.kill();
            // Without a quorum the leader steps down and asks for votes every second; each attempt fails to
            // connect, and Bolt would log each failure with its stack trace.
            await().atMost(Duration.ofSeconds(30)).until(() -> leader.log().contains("no longer the leader"));
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<String> lines = leader.log().lines().toList();
                assertThat(lines).as(leader.log()).allSatisfy(l -> assertThat(l).matches(LINE));
                assertThat(count(lines, "[AbstractClientService] ", "Fail to connect 127.0.0.1:"))
                        .as(leader.log()).isLessThanOrEqualTo(1);
                assertThat(count(lines, "[log] ", "Exception occurred in async create connection thread"))
                        .as(leader.log()).isLessThanOrEqualTo(1);
            });
            assertThat(leader.stop(Duration.ofSeconds(30))).isZero();
        }
    }

    private record Output(String stdout, String stderr) {
    }

    private interface Work {
        void run(Api node) throws Exception;
    }

    /** Starts a node, waits until ready, does the work, stops it with SIGTERM (exit 0) and returns its output. */
    private Output runNode(Path data, Work work, String... flags) throws Exception {
        Path stdout = dir.resolve(data.getFileName() + ".out");
        Path stderr = dir.resolve(data.getFileName() + ".err");
        String http = "127.0.0.1:" + FreePorts.next();
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("jrqlite.basedir", ".")).resolve("scripts/rqlited").toString(),
                "-node-id", "child", "-http-addr", http, "-raft-addr", "127.0.0.1:" + FreePorts.next()));
        cmd.addAll(List.of(flags));
        cmd.add(data.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        String jar = System.getProperty("jrqlite.jar");
        if (jar != null) {
            pb.environment().put("JRQLITE_JAR", jar);
        }
        Process p = pb.start();
        try {
            Api node = new Api(http);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                assertThat(p.isAlive()).as(() -> read(stdout) + read(stderr)).isTrue();
                try {
                    return node.get("/readyz").status() == 200;
                } catch (UncheckedIOException e) {
                    return false;
                }
            });
            work.run(node);
            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
            assertThat(p.exitValue()).as(() -> read(stdout) + read(stderr)).isZero();
        } finally {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        return new Output(read(stdout), read(stderr));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    private static long count(List<String> lines, String component, String text) {
        return lines.stream().filter(l -> l.startsWith(component) && l.contains(text)).count();
    }

    private static int indexOf(List<String> lines, String component, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(component) && lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
