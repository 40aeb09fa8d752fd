package io.jrqlite.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A jrqlite node as a child process started through {@code scripts/rqlited}, for tests that need a real process:
 * signals, exit codes, crashes. Output goes to {@code rqlited.log} in the data directory, as rqlite's own test helper
 * does. Close it to stop it (SIGKILL if it does not stop in time).
 */
public final class ChildNode implements AutoCloseable {

    private final Path dataDir;
    private final List<String> flags;
    private final int httpPort = FreePorts.next();
    private final int raftPort = FreePorts.next();
    private Process process;

    private ChildNode(Path dataDir, List<String> flags) {
        this.dataDir = dataDir;
        this.flags = flags;
    }

    /** Starts a node and waits until it is ready (a leader known, the store open). */
    public static ChildNode start(Path dataDir, String... flags) {
        ChildNode n = new ChildNode(dataDir, List.of(flags));
        n.launch();
        return n;
    }

    /**
     * Starts a node and waits only until its HTTP API answers {@code /status}: for nodes that are not to become ready
     * (e.g. still joining).
     */
    public static ChildNode startServingHttp(Path dataDir, String... flags) {
        ChildNode n = new ChildNode(dataDir, List.of(flags));
        n.spawn();
        n.awaitAlive("/status");
        return n;
    }

    /** Starts the process again on the same ports and data directory. */
    public void launch() {
        spawn();
        awaitAlive("/readyz");
    }

    private void spawn() {
        List<String> cmd = new ArrayList<>(List.of(script().toString(), "-node-id", "child",
                "-http-addr", httpAddress(), "-raft-addr", "127.0.0.1:" + raftPort));
        cmd.addAll(flags);
        cmd.add(dataDir.toString());
        try {
            Files.createDirectories(dataDir);
            process = processBuilder(cmd)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("rqlited.log").toFile()))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitAlive(String path) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("rqlited exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                return api().get(path).status() == 200;
            } catch (UncheckedIOException e) {
                return false;
            }
        });
    }

    /** Runs {@code scripts/rqlited} with the given arguments to completion; for flag and start-up checks. */
    public static Result run(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(script().toString());
        cmd.addAll(List.of(args));
        try {
            Process p = processBuilder(cmd).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes());
            String err = new String(p.getErrorStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("rqlited did not exit: " + cmd);
            }
            return new Result(p.exitValue(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A finished run: exit code and output. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    private static ProcessBuilder processBuilder(List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        String jar = System.getProperty("jrqlite.jar");
        if (jar != null) {
            pb.environment().put("JRQLITE_JAR", jar);
        }
        return pb;
    }

    private static Path script() {
        return Path.of(System.getProperty("jrqlite.basedir", ".")).resolve("scripts/rqlited").toAbsolutePath();
    }

    /** Sends SIGTERM and waits for the exit code. */
    public int stop(Duration timeout) {
        process.destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("rqlited did not stop within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    /** SIGKILL: a crash. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long pid() {
        return process.pid();
    }

    public Api api() {
        return new Api(httpAddress());
    }

    public String raftAddress() {
        return "127.0.0.1:" + raftPort;
    }

    public String httpAddress() {
        return "127.0.0.1:" + httpPort;
    }

    public String log() {
        try {
            return Files.readString(dataDir.resolve("rqlited.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
