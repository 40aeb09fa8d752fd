package io.jrqlite.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The temporary directory the nodes live in and the list of nodes started there. {@link #close()} stops every node
 * (SIGTERM, then SIGKILL) and deletes the directory; a shutdown hook does the same if the tool is interrupted or
 * fails. Thread-safe.
 */
final class Workspace implements AutoCloseable {

    private final Path rqlited;
    private final Path root;
    private final PrintStream err;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final Thread hook;
    private boolean closed;

    private Workspace(Path rqlited, Path root, PrintStream err) {
        this.rqlited = rqlited;
        this.root = root;
        this.err = err;
        this.hook = new Thread(this::cleanUp, "durability-figures-cleanup");
    }

    static Workspace create(Path rqlited, Path parent, PrintStream err) throws IOException {
        if (!Files.isExecutable(rqlited)) {
            throw new IOException("cannot run " + rqlited);
        }
        Files.createDirectories(parent);
        Workspace w = new Workspace(rqlited, Files.createTempDirectory(parent, "jrqlite-figures-"), err);
        Runtime.getRuntime().addShutdownHook(w.hook);
        return w;
    }

    /** True once {@link #close()} or the shutdown hook has stopped everything. */
    synchronized boolean closed() {
        return closed;
    }

    Path root() {
        return root;
    }

    /** A new node (not started) with its own directory and free loopback ports. */
    synchronized NodeProcess node(String name, List<String> flags) throws IOException {
        if (closed) {
            throw new IllegalStateException("workspace closed");
        }
        NodeProcess n = new NodeProcess(rqlited, name, root.resolve(name), freePort(), freePort(), flags);
        nodes.add(n);
        return n;
    }

    /** Stops the node and deletes its directory. */
    void discard(NodeProcess node) throws InterruptedException {
        node.close();
        synchronized (this) {
            nodes.remove(node);
        }
        delete(node.home());
    }

    /** Stops and deletes every node still here; the last lines of each log go to stderr when {@code failed}. */
    void discardAll(boolean failed) throws InterruptedException {
        List<NodeProcess> all;
        synchronized (this) {
            all = List.copyOf(nodes);
        }
        for (NodeProcess n : all) {
            if (failed) {
                err.println("--- last lines of " + n.name() + "'s log ---");
                err.println(n.logTail(20));
            }
            discard(n);
        }
    }

    @Override
    public void close() {
        cleanUp();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running or has run
        }
    }

    private void cleanUp() {
        List<NodeProcess> all;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            all = List.copyOf(nodes);
            nodes.clear();
        }
        for (NodeProcess n : all) {
            try {
                n.close();
            } catch (InterruptedException e) {
                try {
                    n.kill();
                } catch (InterruptedException again) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        delete(root);
    }

    private void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            err.println("durability-figures: could not delete " + dir + ": " + e.getMessage());
        }
    }

    /** A port the kernel has just handed out on 127.0.0.1 (free now; the node binds it moments later). */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
