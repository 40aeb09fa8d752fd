package io.jrqlite.testing;

import static org.awaitility.Awaitility.await;

import io.jrqlite.cli.CommandLine;
import io.jrqlite.cli.NodeConfig;
import io.jrqlite.cli.RunningNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real jrqlite node inside the test JVM: real SOFAJRaft, real SQLite files, real HTTP on 127.0.0.1. Built through
 * the same command line as {@code rqlited}, so tests exercise the flags too. Close it to stop it.
 */
public final class TestNode implements AutoCloseable {

    private final Path dataDir;
    private final List<String> extraFlags;
    private final int httpPort;
    private final int raftPort;
    private RunningNode node;

    private TestNode(Path dataDir, List<String> extraFlags, int httpPort, int raftPort) {
        this.dataDir = dataDir;
        this.extraFlags = extraFlags;
        this.httpPort = httpPort;
        this.raftPort = raftPort;
    }

    /** Starts a single node in {@code dataDir} with extra rqlited flags, and waits until it is ready. */
    public static TestNode start(Path dataDir, String... extraFlags) {
        return start(dataDir, FreePorts.next(), FreePorts.next(), extraFlags);
    }

    /** Starts a single node on the given loopback ports. */
    public static TestNode start(Path dataDir, int httpPort, int raftPort, String... extraFlags) {
        TestNode n = new TestNode(dataDir, List.of(extraFlags), httpPort, raftPort);
        n.startNode();
        return n;
    }

    private void startNode() {
        List<String> args = new ArrayList<>(List.of("-node-id", "node1",
                "-http-addr", "127.0.0.1:" + httpPort, "-raft-addr", "127.0.0.1:" + raftPort));
        args.addAll(extraFlags);
        args.add(dataDir.toString());
        try {
            NodeConfig config = CommandLine.forSystem(() -> "test").parse(args);
            node = RunningNode.start(config, args, reason -> {
                throw new IllegalStateException("node failed: " + reason);
            });
        } catch (Exception e) {
            throw new IllegalStateException("node did not start: " + e.getMessage(), e);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> api().get("/readyz").status() == 200);
    }

    /** Stops and starts the node again on the same ports and data directory. */
    public void restart() {
        node.close();
        startNode();
    }

    /** A client for the API; an HTTPS one when the node was started with {@code -http-cert}. */
    public Api api() {
        return extraFlags.contains("-http-cert") ? Api.https(httpAddress()) : new Api(httpAddress());
    }

    public String httpAddress() {
        return "127.0.0.1:" + httpPort;
    }

    public String raftAddress() {
        return "127.0.0.1:" + raftPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public int raftPort() {
        return raftPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        if (node != null) {
            node.close();
            node = null;
        }
    }
}
