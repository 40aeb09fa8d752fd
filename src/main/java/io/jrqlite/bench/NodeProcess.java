package io.jrqlite.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One jrqlite node run by {@code scripts/rqlited} on loopback ports, with its data directory and log file under its
 * own directory. It can be stopped and started again on the same ports and data (a restart). {@code scripts/rqlited}
 * execs java, so the process started is the server itself and its pid is the one to watch and signal.
 * Start and stop are synchronized: the shutdown hook may stop a node while a figure is using it.
 */
final class NodeProcess {

    /** How long a SIGTERM is given before SIGKILL. */
    static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 20;

    private final Path rqlited;
    private final String name;
    private final Path home;
    private final int httpPort;
    private final int raftPort;
    private final List<String> flags;
    private final NodeApi api;
    private Process process;
    private boolean closed;

    NodeProcess(Path rqlited, String name, Path home, int httpPort, int raftPort, List<String> flags) {
        this.rqlited = rqlited;
        this.name = name;
        this.home = home;
        this.httpPort = httpPort;
        this.raftPort = raftPort;
        this.flags = List.copyOf(flags);
        this.api = new NodeApi(httpAddress());
    }

    String name() {
        return name;
    }

    Path home() {
        return home;
    }

    Path dataDir() {
        return home.resolve("data");
    }

    Path log() {
        return home.resolve("node.log");
    }

    String httpAddress() {
        return "127.0.0.1:" + httpPort;
    }

    /** The address other nodes reach this one on, e.g. the value of a joiner's {@code -join}. */
    String raftAddress() {
        return "127.0.0.1:" + raftPort;
    }

    NodeApi api() {
        return api;
    }

    /** Launches the server (again, after a stop) with the same flags, ports and data directory. */
    synchronized void start() throws IOException {
        if (closed) {
            throw new IllegalStateException(name + " was discarded");
        }
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        Files.createDirectories(home);
        List<String> cmd = new ArrayList<>(List.of(rqlited.toString(),
                "-node-id", name,
                "-http-addr", httpAddress(),
                "-raft-addr", raftAddress()));
        cmd.addAll(flags);
        cmd.add(dataDir().toString());
        process = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                .start();
    }

    synchronized long pid() {
        return process.pid();
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /**
     * Waits until GET /readyz answers 200; returns the nanoseconds since {@code sinceNanos}.
     *
     * @throws IOException when the process exits or the timeout passes first
     */
    long awaitReady(long sinceNanos, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!api.ready()) {
            checkRunning(deadline, "/readyz 200");
            Thread.sleep(POLL_MILLIS);
        }
        return System.nanoTime() - sinceNanos;
    }

    /**
     * Waits until count(*) of the table is {@code rows}; returns the nanoseconds since {@code sinceNanos}. With
     * {@code local} the count is read at level none, from this node's own database even when it is a follower.
     */
    long awaitRows(String table, long rows, boolean local, long sinceNanos, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while ((local ? api.localCount(table) : api.count(table)).orElse(-1) != rows) {
            checkRunning(deadline, rows + " rows in " + table);
            Thread.sleep(POLL_MILLIS);
        }
        return System.nanoTime() - sinceNanos;
    }

    private void checkRunning(long deadline, String waitingFor) throws IOException {
        if (!alive()) {
            throw new IOException(name + " exited (status " + exitStatus() + ") before " + waitingFor);
        }
        if (System.nanoTime() > deadline) {
            throw new IOException(name + ": no " + waitingFor + " within the timeout");
        }
    }

    private synchronized String exitStatus() {
        return process == null || process.isAlive() ? "?" : Integer.toString(process.exitValue());
    }

    /** SIGTERM, then SIGKILL after {@link #STOP_GRACE}; returns the nanoseconds until the process was gone. */
    synchronized long stop() throws InterruptedException {
        if (process == null) {
            return 0;
        }
        long t0 = System.nanoTime();
        process.destroy();
        if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
        return System.nanoTime() - t0;
    }

    /** Stops the node for good: a later {@link #start()} fails, so a node cannot outlive the workspace. */
    synchronized void close() throws InterruptedException {
        closed = true;
        stop();
    }

    /** SIGKILL, and wait for the process to be gone. */
    synchronized void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The log's last lines, for a failure report. */
    String logTail(int lines) {
        try {
            List<String> all = new String(Files.readAllBytes(log()), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
