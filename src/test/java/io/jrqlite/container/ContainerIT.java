package io.jrqlite.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jrqlite.testing.Api;
import io.jrqlite.testing.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The image the build made (target/jrqlite-image.tar), loaded into podman and run as rqlite's image is run:
 * containers on the host's network, configured by rqlite's variables and flags. Installs podman when missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainerIT {

    private static final String IMAGE = System.getProperty("jrqlite.image.name", "localhost/jrqlite:latest");
    private static final Path TAR = Path.of(System.getProperty("jrqlite.image.tar", "target/jrqlite-image.tar"));
    /** Limits the sandbox allows: podman's defaults ask for more open files and processes than it grants. */
    private static final List<String> RUN = List.of("podman", "run", "--runtime", "runc", "--network", "host",
            "--ulimit", "nofile=8192:8192", "--ulimit", "nproc=4096:4096");

    private final String prefix = "jrqlite-it-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final List<String> containers = new ArrayList<>();

    private record Run(int exitCode, String output) {
    }

    @BeforeAll
    void loadTheImage() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("jrqlite.image.skip"), "built with -Dimage.skip=true");
        assertThat(TAR).as("the image tarball the build makes").exists();
        Path base = Path.of(System.getProperty("jrqlite.basedir", "."));
        Run install = run(List.of(base.resolve("scripts/install-podman").toString()), 600);
        Assumptions.assumeFalse(install.exitCode() == 3, install::output); // no root, or not Debian
        assertThat(install.exitCode()).as(install.output()).isZero();
        Run load = run(List.of("podman", "load", "-i", TAR.toString()), 300);
        assertThat(load.exitCode()).as(load.output()).isZero();
        assertThat(load.output()).contains(IMAGE);
        Run version = run(concat(RUN, List.of("--rm", IMAGE, "-version")), 120);
        // A machine whose kernel or sandbox will not run containers at all says so through runc, before our code.
        Assumptions.assumeFalse(version.exitCode() != 0 && version.output().contains("OCI"),
                () -> "podman cannot run containers here: " + version.output());
        assertThat(version.exitCode()).as(version.output()).isZero();
        assertThat(version.output()).contains("rqlited v");
        Run size = run(List.of("podman", "image", "inspect", "--format", "{{.Size}}", IMAGE), 60);
        System.out.printf("ContainerIT: image %s is %.1f MB%n", IMAGE,
                Long.parseLong(size.output().trim()) / 1e6);
    }

    @AfterAll
    void removeContainersAndImage() throws Exception {
        for (String c : containers) {
            run(List.of("podman", "rm", "-f", "-v", "-t", "5", c), 120);
        }
        if (Files.exists(TAR)) {
            run(List.of("podman", "rmi", "-f", IMAGE), 120);
        }
    }

    @Test
    void theImageRunsAsAnUnprivilegedUserWithRqlitesPortsAndVolume() throws Exception {
        Run config = run(List.of("podman", "image", "inspect", "--format",
                "{{.Config.User}}|{{.Config.Cmd}}|{{.Config.Volumes}}|{{.Config.ExposedPorts}}", IMAGE), 60);
        assertThat(config.output().trim())
                .isEqualTo("1000:1000|[run]|map[/rqlite/file:{}]|map[4001/tcp:{} 4002/tcp:{}]");
    }

    @Test
    void aCommandTheImageCannotRunIsRefusedNamingTheArguments() throws Exception {
        Run shell = run(concat(RUN, List.of("--rm", IMAGE, "sh", "-c", "ls /")), 120);
        assertThat(shell.exitCode()).isEqualTo(1);
        assertThat(shell.output()).contains("jrqlite: cannot run \"sh -c ls /\"");
        Run badFlag = run(concat(RUN, List.of("--rm", IMAGE, "-no-such-flag")), 120);
        assertThat(badFlag.exitCode()).as(badFlag.output()).isEqualTo(2);
        assertThat(badFlag.output()).contains("flag provided but not defined: -no-such-flag")
                .contains("arguments received: \"-no-such-flag\"");
    }

    @Test
    void threeContainersJoinedByFlagsServeWritesAndCarryOnWithoutOne() throws Exception {
        String[] http = new String[3];
        String[] raft = new String[3];
        for (int i = 0; i < 3; i++) {
            http[i] = "127.0.0.1:" + FreePorts.next();
            raft[i] = "127.0.0.1:" + FreePorts.next();
            List<String> flags = i == 0 ? List.of() : List.of("-join", raft[0]);
            start("n" + (i + 1), http[i], raft[i], flags);
        }
        Api[] api = {new Api(http[0]), new Api(http[1]), new Api(http[2])};
        for (Api a : api) {
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions()
                    .until(() -> a.get("/readyz").status() == 200);
        }
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> api[1].get("/nodes").body().split("\"reachable\":true", -1).length - 1 == 3);

        assertThat(api[0].execute("[\"CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)\","
                + "\"INSERT INTO t(name) VALUES('fiona')\"]").body()).contains("\"rows_affected\":1");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> assertThat(
                api[2].query("SELECT name FROM t", "level=none").body()).contains("[[\"fiona\"]]"));

        // The shell in the image, on piped input, and the health check podman can be given.
        String port = http[1].substring(http[1].indexOf(':') + 1);
        Run shell = run(concat(RUN, List.of("--rm", "-i", IMAGE, "rqlite", "-H", "127.0.0.1", "-p", port)), 120,
                "SELECT name FROM t\n");
        assertThat(shell.exitCode()).as(shell.output()).isZero();
        assertThat(shell.output()).contains("| fiona |");
        Run health = run(List.of("podman", "exec", prefix + "n2", "/opt/jrqlite/jre/bin/java", "-cp",
                "/opt/jrqlite/lib/jrqlite.jar", "io.jrqlite.container.ContainerEntrypoint", "healthcheck"), 120);
        assertThat(health.exitCode()).as(health.output()).isZero();

        Run stop = run(List.of("podman", "stop", "-t", "30", prefix + "n1"), 120);
        assertThat(stop.exitCode()).as(stop.output()).isZero();
        Run exit = run(List.of("podman", "inspect", "--format", "{{.State.ExitCode}}", prefix + "n1"), 60);
        assertThat(exit.output().trim()).as("exit code of a node stopped by SIGTERM").isEqualTo("0");

        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> assertThat(
                api[1].execute("[\"INSERT INTO t(name) VALUES('declan')\"]").body())
                .contains("\"rows_affected\":1"));
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> assertThat(
                api[2].query("SELECT name FROM t ORDER BY id", "level=strong").body())
                .contains("[[\"fiona\"],[\"declan\"]]"));

        for (String n : List.of("n2", "n3")) {
            Run s = run(List.of("podman", "stop", "-t", "30", prefix + n), 120);
            assertThat(s.exitCode()).as(s.output()).isZero();
        }
    }

    /** A node container configured the way rqlite's image is: its variables, and flags merged in. */
    private void start(String id, String http, String raft, List<String> flags) throws Exception {
        String name = prefix + id;
        containers.add(name);
        List<String> cmd = new ArrayList<>(RUN);
        cmd.addAll(List.of("-d", "--name", name, "-e", "NODE_ID=" + id, "-e", "HTTP_ADDR=" + http,
                "-e", "HTTP_ADV_ADDR=" + http, "-e", "RAFT_ADDR=" + raft, "-e", "RAFT_ADV_ADDR=" + raft, IMAGE));
        cmd.addAll(flags);
        Run r = run(cmd, 120);
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private Run run(List<String> cmd, int seconds) throws IOException, InterruptedException {
        return run(cmd, seconds, "");
    }

    /** Runs a command to its end, {@code input} on its stdin; its stdout and stderr together. */
    private Run run(List<String> cmd, int seconds, String input) throws IOException, InterruptedException {
        Path out = Files.createTempFile("container-it", ".out");
        Path in = Files.writeString(Files.createTempFile("container-it", ".in"), input);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(in.toFile()).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                throw new IllegalStateException("did not exit in " + seconds + " s: " + cmd + "\n"
                        + Files.readString(out));
            }
            return new Run(p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(in);
        }
    }
}
