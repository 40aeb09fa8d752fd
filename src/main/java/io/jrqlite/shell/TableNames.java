package io.jrqlite.shell;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * The connected node's table (and view) names, for Tab. Fetched on a background thread and cached; fetched again
 * after a statement that may change the schema, after {@code .restore}/{@code .boot}, and once the list is older
 * than {@link #MAX_AGE}. A Tab waits at most {@link #WAIT} for a fetch and otherwise completes from what it has;
 * a failed fetch means fewer completions, never an error on screen.
 */
final class TableNames {

    static final Duration MAX_AGE = Duration.ofSeconds(30);
    static final Duration WAIT = Duration.ofSeconds(1);
    /** How long one fetch may take on the wire; it runs in the background, so this only bounds the thread. */
    static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);
    /** After a failure, the next Tab tries again this much later, not at once. */
    static final Duration RETRY = Duration.ofSeconds(5);

    private static final String SQL = "SELECT name FROM sqlite_master WHERE type IN ('table','view') ORDER BY name";
    private static final Pattern SCHEMA_WORDS = Pattern.compile("(?i)\\b(create|drop|alter)\\b");

    /** Where the names come from; may fail in any way. */
    interface Source {
        List<String> fetch() throws Exception;
    }

    private final Source source;
    private final LongSupplier clockMillis;
    private final Duration wait;
    private List<String> names = List.of();
    private long nextFetchAt;
    /** Bumped by {@link #invalidate}, so a fetch that started before a schema change does not count as fresh. */
    private long generation;
    private CompletableFuture<Void> inFlight;

    TableNames(Source source, LongSupplier clockMillis, Duration wait) {
        this.source = source;
        this.clockMillis = clockMillis;
        this.wait = wait;
    }

    /** Names from the node the client is connected to, read at the session's consistency level. */
    static TableNames of(NodeClient client, Settings settings) {
        return new TableNames(() -> fetch(client, settings.consistency), System::currentTimeMillis, WAIT);
    }

    private static List<String> fetch(NodeClient client, String level) throws IOException {
        NodeClient.Reply r = client.getUrl(client.baseUrl() + "db/query?level=" + level + "&q="
                + URLEncoder.encode(SQL, StandardCharsets.UTF_8), FETCH_TIMEOUT);
        if (!r.ok()) {
            throw new IOException("HTTP " + r.status());
        }
        return names(r.text());
    }

    /** The first column of the first result of a {@code /db/query} answer. */
    static List<String> names(String json) {
        List<String> out = new ArrayList<>();
        if (Json.parse(json) instanceof Map<?, ?> m && m.get("results") instanceof List<?> results
                && !results.isEmpty() && results.get(0) instanceof Map<?, ?> first
                && first.get("values") instanceof List<?> rows) {
            for (Object row : rows) {
                if (row instanceof List<?> cells && !cells.isEmpty() && cells.get(0) instanceof String name) {
                    out.add(name);
                }
            }
        }
        return List.copyOf(out);
    }

    /** Whether a statement may add, drop or rename a table (a false alarm only costs a fetch). */
    static boolean mayChangeSchema(String sql) {
        return SCHEMA_WORDS.matcher(sql).find();
    }

    synchronized void invalidate() {
        generation++;
        nextFetchAt = 0;
    }

    /** The names for a Tab: fetched first when stale, waiting for that at most {@link #WAIT}. */
    List<String> get() {
        CompletableFuture<Void> f = refresh();
        if (f != null) {
            try {
                f.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // complete from the names we have
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            return names;
        }
    }

    /** Starts a fetch if the names are stale and none is running; returns the fetch in flight, if any. */
    synchronized CompletableFuture<Void> refresh() {
        if (inFlight == null && clockMillis.getAsLong() >= nextFetchAt) {
            long startedIn = generation;
            inFlight = CompletableFuture.runAsync(() -> fetchNow(startedIn), TableNames::daemon);
        }
        return inFlight;
    }

    private void fetchNow(long startedIn) {
        List<String> fetched = null;
        try {
            fetched = source.fetch();
        } catch (Exception e) {
            // no completion from the node this time
        } finally {
            done(startedIn, fetched);
        }
    }

    private synchronized void done(long startedIn, List<String> fetched) {
        inFlight = null;
        if (fetched != null) {
            names = fetched;
        }
        if (generation == startedIn) {
            nextFetchAt = clockMillis.getAsLong() + (fetched != null ? MAX_AGE : RETRY).toMillis();
        }
    }

    /** One short-lived thread per fetch; at most one runs, and it never keeps the JVM alive. */
    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "rqlite-table-names");
        t.setDaemon(true);
        t.start();
    }
}
