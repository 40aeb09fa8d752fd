package io.jrqlite.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * In-JVM nodes of one test, each in {@code dir/<name>} with {@code -node-id <name>}. The fixture owns every node it
 * started and closes them all: on {@link #close}, and after each test when it is a {@code @RegisterExtension} field.
 * Nodes may be started from several threads at once.
 */
public final class TestCluster implements AutoCloseable, AfterEachCallback {

    private final Supplier<Path> dirs;
    private final List<TestNode> nodes = new ArrayList<>();
    private Path dir;

    public TestCluster(Path dir) {
        this(() -> dir);
    }

    /** With the directory known only later, e.g. a {@code @TempDir} field: {@code new TestCluster(() -> dir)}. */
    public TestCluster(Supplier<Path> dir) {
        this.dirs = dir;
    }

    /** A node's name and ports, chosen before it starts (so others can be told its address). */
    public record Member(String name, int httpPort, int raftPort) {
        public String raftAddress() {
            return "127.0.0.1:" + raftPort;
        }
    }

    /** Members on free loopback ports. */
    public static List<Member> plan(String... names) {
        List<Member> members = new ArrayList<>();
        for (String name : names) {
            members.add(new Member(name, FreePorts.next(), FreePorts.next()));
        }
        return members;
    }

    private synchronized Path dir() {
        if (dir == null) {
            try {
                dir = Files.createDirectories(dirs.get());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    /** Starts node {@code name} on free ports and waits until it is ready. */
    public TestNode start(String name, String... flags) {
        return own(TestNode.start(dir().resolve(name), withId(name, flags)));
    }

    /** Starts node {@code name} on the given ports, e.g. those of a node stopped before. */
    public TestNode startOn(String name, int httpPort, int raftPort, String... flags) {
        return own(TestNode.start(dir().resolve(name), httpPort, raftPort, withId(name, flags)));
    }

    /** Starts a planned member on its ports. */
    public TestNode start(Member m, String... flags) {
        return startOn(m.name(), m.httpPort(), m.raftPort(), flags);
    }

    /** n1 leads; n2 and n3 join through it, all with the same extra flags. Returned in that order. */
    public List<TestNode> startThree(String... flags) {
        TestNode first = start("n1", flags);
        List<String> joining = new ArrayList<>(List.of(flags));
        joining.addAll(List.of("-join", first.raftAddress()));
        String[] f = joining.toArray(String[]::new);
        return List.of(first, start("n2", f), start("n3", f));
    }

    /**
     * Starts the members at once, each on its own thread, and waits for all of them: with -bootstrap-expect each
     * start blocks until the cluster has formed. Fails unless every one started; the list returned is the caller's
     * to add to.
     */
    public List<TestNode> startTogether(List<Member> members, String... flags) {
        List<CompletableFuture<TestNode>> starts = new ArrayList<>();
        for (Member m : members) {
            starts.add(CompletableFuture.supplyAsync(() -> start(m, flags), runnable -> {
                Thread t = new Thread(runnable, "start-" + m.name());
                t.setDaemon(true);
                t.start();
            }));
        }
        List<TestNode> started = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (CompletableFuture<TestNode> s : starts) {
            try {
                started.add(s.get(120, TimeUnit.SECONDS));
            } catch (Exception e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError("every node started: " + failures.size() + " did not");
            failures.forEach(e::addSuppressed);
            throw e;
        }
        return started;
    }

    private synchronized TestNode own(TestNode n) {
        nodes.add(n);
        return n;
    }

    /** {@code -node-id name} followed by {@code flags}. */
    private static String[] withId(String name, String... flags) {
        String[] all = new String[flags.length + 2];
        all[0] = "-node-id";
        all[1] = name;
        System.arraycopy(flags, 0, all, 2, flags.length);
        return all;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    /** Closes every node started (closing one twice is harmless); the first failure is thrown after all. */
    @Override
    public void close() {
        RuntimeException failure = null;
        List<TestNode> all;
        synchronized (this) {
            all = List.copyOf(nodes);
        }
        for (TestNode n : all) {
            try {
                n.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
