package io.jrqlite.bench;

import static io.jrqlite.bench.FigureLog.Section.RESTART;
import static io.jrqlite.bench.FigureLog.seconds;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Figure 1: time from launching a node that holds N rows until GET /readyz answers 200 and count(*) returns N, after
 * a clean stop (SIGTERM; the node may reuse its database: fast restart) and after SIGKILL with {@code clean_snapshot}
 * deleted (the node must rebuild from its snapshot). The store's restore counters show which path ran.
 */
final class RestartFigures {

    static final String TABLE = "r";
    /** The fast-restart fingerprint in the data directory; without it the node rebuilds. */
    static final String FINGERPRINT = "clean_snapshot";
    private static final int ROWS_PER_REQUEST = 1000;
    private static final int PAYLOAD_CHARS = 48;

    private RestartFigures() {
    }

    static void run(Workspace ws, FiguresOptions o, FigureLog log) throws IOException, InterruptedException {
        long rows = o.rows();
        Duration timeout = o.timeout();
        NodeProcess node = ws.node("restart", List.of("-raft-snap", "8192", "-raft-snap-int", "1s"));
        long t0 = System.nanoTime();
        node.start();
        log.figure(RESTART, "first start to ready (empty node)", seconds(node.awaitReady(t0, timeout)));

        TableFill fill = new TableFill(node.api(), TABLE, ROWS_PER_REQUEST, PAYLOAD_CHARS);
        fill.createTable(timeout);
        log.note("inserting " + rows + " rows of " + PAYLOAD_CHARS + " characters into the node to restart");
        TableFill.Result r = fill.insert(rows, timeout);
        if (!r.error().isEmpty() || r.timedOut()) {
            throw new IOException("filling " + rows + " rows: " + (r.timedOut() ? "timed out after " + r.rows()
                    + " rows" : r.error()));
        }
        log.note(String.format(Locale.ROOT, "inserted %d rows in %s (%.0f rows/s)", r.rows(), seconds(r.nanos()),
                r.rowsPerSecond()));
        NodeApi.Reply snap = node.api().snapshot(timeout);
        log.note("POST /snapshot before the restarts: HTTP " + snap.status());

        log.figure(RESTART, "stop with SIGTERM (" + rows + " rows)", seconds(node.stop()));
        log.note(FINGERPRINT + " after the clean stop: "
                + (Files.exists(node.dataDir().resolve(FINGERPRINT)) ? "present" : "absent"));
        restart(node, "fast", rows, timeout, log);

        node.kill();
        Path fingerprint = node.dataDir().resolve(FINGERPRINT);
        boolean deleted = Files.deleteIfExists(fingerprint);
        log.note("killed with SIGKILL; " + FINGERPRINT + (deleted ? " deleted" : " was absent"));
        restart(node, "rebuild", rows, timeout, log);
        ws.discard(node);
    }

    /** One timed restart; a restart that never gets ready is a failed figure, not the end of the run. */
    private static void restart(NodeProcess node, String kind, long rows, Duration timeout, FigureLog log)
            throws IOException, InterruptedException {
        String name = "restart-to-ready " + kind + " (" + rows + " rows)";
        long t0 = System.nanoTime();
        node.start();
        PeakRss rss = PeakRss.watch(node.pid());
        try {
            long ready = node.awaitReady(t0, timeout);
            long counted = node.awaitRows(TABLE, rows, false, t0, timeout);
            log.figure(RESTART, name, seconds(counted) + " (/readyz 200 after " + seconds(ready) + ")");
        } catch (IOException e) {
            log.failed(RESTART, name, e.getMessage());
        } finally {
            log.memory("restart " + kind, rss.stop());
        }
        if (node.alive()) {
            Map<String, Long> c = node.api().storeCounters();
            log.figure(RESTART, "restore counters, " + kind,
                    "store.num_restores_start=" + c.get("num_restores_start")
                            + " store.num_restores_start_skipped=" + c.get("num_restores_start_skipped"));
        }
    }
}
