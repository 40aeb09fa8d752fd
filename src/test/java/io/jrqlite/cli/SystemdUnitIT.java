package io.jrqlite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jrqlite.testing.Api;
import io.jrqlite.testing.FreePorts;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service: {@code scripts/install.sh} into a temporary DESTDIR, the installed launcher and readiness wait run for
 * real, and {@code config/jrqlite.service} checked by {@code systemd-analyze} (verify and the offline security score).
 */
class SystemdUnitIT {

    private static final Path BASE = Path.of(System.getProperty("jrqlite.basedir", ".")).toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void installsTheLayoutTheUnitNames() throws IOException {
        Path root = install();
        Path opt = root.resolve("opt/jrqlite");
        assertThat(opt.resolve("lib/jrqlite.jar")).isRegularFile();
        assertThat(opt.resolve("config/logback.xml")).hasSameTextualContentAs(BASE.resolve("config/logback.xml"));
        assertThat(opt.resolve("bin/rqlited")).isExecutable();
        assertThat(opt.resolve("bin/jrqlite-wait-ready")).isExecutable();
        assertThat(root.resolve("etc/jrqlite/jrqlite.env")).hasSameTextualContentAs(BASE.resolve("config/jrqlite.env"));
        String unit = Files.readString(root.resolve("etc/systemd/system/jrqlite.service"));
        assertThat(unit).contains("ExecStart=/opt/jrqlite/bin/rqlited ",
                "ExecStartPost=/opt/jrqlite/bin/jrqlite-wait-ready ", "EnvironmentFile=-/etc/jrqlite/jrqlite.env",
                "StateDirectory=jrqlite");

        // A second install keeps the administrator's settings.
        Files.writeString(root.resolve("etc/jrqlite/jrqlite.env"), "JRQLITE_FLAGS=-node-id 7\n");
        install();
        assertThat(root.resolve("etc/jrqlite/jrqlite.env")).hasContent("JRQLITE_FLAGS=-node-id 7");
        assertThat(root.resolve("etc/jrqlite/jrqlite.env.example")).isRegularFile();
    }

    @Test
    void installedLauncherPrintsItsVersionFromTheInstalledJar() {
        Path root = install();
        Run r = run(List.of(root.resolve("opt/jrqlite/bin/rqlited").toString(), "-version"), Map.of());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).startsWith("rqlited v");
    }

    @Test
    void installedNodeBecomesReadyForTheWaitAndStopsWithZeroOnSigterm() throws Exception {
        Path bin = install().resolve("opt/jrqlite/bin");
        String http = "127.0.0.1:" + FreePorts.next();
        Path data = dir.resolve("data");
        Path log = dir.resolve("rqlited.log");
        ProcessBuilder pb = new ProcessBuilder(bin.resolve("rqlited").toString(), "-node-id", "1", "-http-addr", http,
                "-raft-addr", "127.0.0.1:" + FreePorts.next(), data.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("JRQLITE_JAR");
        Process node = pb.start();
        try {
            Run wait = run(List.of(bin.resolve("jrqlite-wait-ready").toString(), "120"),
                    Map.of("JRQLITE_HTTP_ADDR", http));
            assertThat(wait.exitCode()).as(wait.output() + Files.readString(log)).isZero();
            assertThat(new Api(http).get("/readyz").status()).isEqualTo(200);
            // The installed JVM runs with the checkout's options and the installed logging configuration.
            List<String> jvmArgs = List.of(node.info().arguments().orElse(new String[0]));
            assertThat(jvmArgs).contains("@" + bin.resolveSibling("config/jvm.options"),
                    "-Dlogback.configurationFile=" + bin.resolveSibling("config/logback.xml"));
            assertThat(jvmArgs).anySatisfy(a -> assertThat(a).endsWith("lib/jrqlite.jar"));

            node.destroy();
            assertThat(node.waitFor(30, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
            assertThat(node.exitValue()).as("exit code after SIGTERM").isZero();
        } finally {
            node.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void readinessWaitGivesUpWhenNothingAnswers() {
        Path bin = install().resolve("opt/jrqlite/bin");
        Run wait = run(List.of(bin.resolve("jrqlite-wait-ready").toString(), "1"),
                Map.of("JRQLITE_HTTP_ADDR", "127.0.0.1:" + FreePorts.next()));
        assertThat(wait.exitCode()).isEqualTo(1);
        assertThat(wait.output()).contains("not ready at http://127.0.0.1:");
    }

    @Test
    void unitPassesSystemdAnalyzeVerifyAndScoresWellOnSecurity() throws IOException {
        Optional<Path> analyze = onPath("systemd-analyze");
        assumeTrue(analyze.isPresent(), "systemd-analyze is not installed");
        Path root = install();
        // verify checks that the commands exist: a copy of the installed unit whose paths point into DESTDIR.
        Path unit = dir.resolve("units/jrqlite.service");
        Files.createDirectories(unit.getParent());
        Files.writeString(unit, Files.readString(root.resolve("etc/systemd/system/jrqlite.service"))
                .replace("/opt/jrqlite/", root + "/opt/jrqlite/")
                .replace("/etc/jrqlite/", root + "/etc/jrqlite/"));

        Run verify = run(List.of(analyze.get().toString(), "verify", unit.toString()), Map.of());
        System.out.println("systemd-analyze verify: exit " + verify.exitCode() + ", output: [" + verify.output() + "]");
        assertThat(verify.exitCode()).as(verify.output()).isZero();
        assertThat(verify.output()).as("warnings").isBlank();

        Run security = run(List.of(analyze.get().toString(), "security", "--offline=yes", "--no-pager",
                unit.toString()), Map.of());
        assertThat(security.exitCode()).as(security.output()).isZero();
        Matcher m = Pattern.compile("Overall exposure level for jrqlite\\.service: (\\d+\\.\\d)")
                .matcher(security.output());
        assertThat(m.find()).as(security.output()).isTrue();
        double exposure = Double.parseDouble(m.group(1));
        System.out.println("systemd-analyze security --offline=yes: exposure " + exposure);
        assertThat(exposure).as("exposure (issue 6 aims at 3.0 or less)").isLessThanOrEqualTo(3.0);
    }

    /** Runs scripts/install.sh into {@code <dir>/root} (again: an upgrade) with the jar the build just made. */
    private Path install() {
        Path root = dir.resolve("root");
        Run r = run(List.of(BASE.resolve("scripts/install.sh").toString(), "-destdir", root.toString()),
                Optional.ofNullable(System.getProperty("jrqlite.jar")).map(j -> Map.of("JRQLITE_JAR", j))
                        .orElse(Map.<String, String>of()));
        assertThat(r.exitCode()).as(r.output()).isZero();
        return root;
    }

    private static Optional<Path> onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, program);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private record Run(int exitCode, String output) {
    }

    /** Runs a command to completion (300 s at most: install.sh may build the jar), JRQLITE_JAR unset unless given. */
    private Run run(List<String> cmd, Map<String, String> env) {
        Path out;
        try {
            out = Files.createTempFile(dir, "run", ".out");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true)
                .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().remove("JRQLITE_JAR");
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                throw new IllegalStateException("did not exit in time: " + cmd + "\n" + Files.readString(out));
            }
            return new Run(p.exitValue(), Files.readString(out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
