package io.jrqlite.bench;

import static io.jrqlite.bench.FigureLog.mib;
import static io.jrqlite.bench.FigureLog.mibPerSecond;
import static io.jrqlite.bench.FigureLog.Section.BACKUP;
import static io.jrqlite.bench.FigureLog.Section.LOAD;
import static io.jrqlite.bench.FigureLog.Section.SNAPSHOTS;
import static io.jrqlite.bench.FigureLog.seconds;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Figures 2 to 5 for one database size: the insert rate while filling it with 1 KiB rows, the first (full) snapshot
 * and a later one after 5 MiB of writes (time and the disk the snapshots take), GET /db/backup as a file and as SQL,
 * POST /db/load of that file into a fresh node, and the server's peak RSS in each phase.
 */
final class SizeFigures {

    static final String TABLE = "big";
    static final int ROWS_PER_REQUEST = 200;
    static final int PAYLOAD_CHARS = 1024;
    /** Only POST /snapshot takes snapshots on these nodes, so the figures time exactly the snapshots asked for. */
    static final List<String> NO_AUTO_SNAPSHOTS =
            List.of("-raft-snap", "1000000", "-raft-snap-int", "1h", "-raft-snap-wal-size", "0");
    private static final int LATER_WRITES_MIB = 5;

    private final Workspace ws;
    private final Duration timeout;
    private final FigureLog log;
    private final String size;

    private SizeFigures(Workspace ws, Duration timeout, FigureLog log, int mb) {
        this.ws = ws;
        this.timeout = timeout;
        this.log = log;
        this.size = mb + " MiB";
    }

    static void run(Workspace ws, FiguresOptions o, int mb, FigureLog log) throws IOException, InterruptedException {
        new SizeFigures(ws, o.timeout(), log, mb).run(mb);
    }

    private void run(int mb) throws IOException, InterruptedException {
        NodeProcess src = ws.node("db" + mb, NO_AUTO_SNAPSHOTS);
        long t0 = System.nanoTime();
        src.start();
        src.awaitReady(t0, timeout);
        TableFill fill = new TableFill(src.api(), TABLE, ROWS_PER_REQUEST, PAYLOAD_CHARS);
        fill.createTable(timeout);

        log.note("filling a " + size + " database");
        PeakRss rss = PeakRss.watch(src.pid());
        TableFill.Result r = fill.insert(mb * 1024L, timeout);
        log.memory("inserts (" + size + ")", rss.stop());
        if (!r.error().isEmpty()) {
            throw new IOException("insert failed after " + r.rows() + " rows: " + r.error());
        }
        log.figure(SNAPSHOTS, "insert rate (" + size + ")", String.format(Locale.ROOT,
                "%.0f rows/s, %.1f MiB/s (%d rows of 1 KiB, %d per request, in %s%s)", r.rowsPerSecond(),
                r.mibPerSecond(), r.rows(), ROWS_PER_REQUEST, seconds(r.nanos()),
                r.timedOut() ? "; stopped by the time limit" : ""));
        long rows = r.rows();

        snapshot(src, "first");
        log.note("writing " + LATER_WRITES_MIB + " MiB more");
        TableFill.Result more = fill.insert(LATER_WRITES_MIB * 1024L, timeout);
        if (!more.error().isEmpty()) {
            throw new IOException("insert failed: " + more.error());
        }
        rows += more.rows();
        snapshot(src, "after " + LATER_WRITES_MIB + " MiB more");

        Path file = ws.root().resolve("backup-" + mb + ".sqlite");
        NodeApi.Transfer binary = backup(src, "", file, "binary");
        Path sql = ws.root().resolve("backup-" + mb + ".sql");
        backup(src, "fmt=sql", sql, "SQL");
        Files.deleteIfExists(sql);
        ws.discard(src);

        if (binary.failed()) {
            log.failed(LOAD, "load binary (" + size + ")", "no backup file to load");
        } else {
            load(mb, file, rows);
        }
        Files.deleteIfExists(file);
    }

    private void snapshot(NodeProcess node, String label) throws IOException, InterruptedException {
        PeakRss rss = PeakRss.watch(node.pid());
        long t0 = System.nanoTime();
        NodeApi.Reply r = node.api().snapshot(timeout);
        long nanos = System.nanoTime() - t0;
        String name = "snapshot time, " + label + " (" + size + ")";
        if (r.status() == 200 || r.status() == 204) {
            log.figure(SNAPSHOTS, name,
                    seconds(nanos) + (r.status() == 200 ? " (HTTP 200, taken)" : " (HTTP 204, nothing new)"));
        } else {
            log.failed(SNAPSHOTS, name, r.describe());
        }
        log.memory("snapshot " + label + " (" + size + ")", rss.stop());
        Path data = node.dataDir();
        long snapshots = DiskUsage.bytes(data.resolve("snapshots"));
        long db = sizeOf(data.resolve("db.sqlite"));
        long wal = sizeOf(data.resolve("db.sqlite-wal"));
        log.figure(SNAPSHOTS, "snapshot disk, " + label + " (" + size + ")", String.format(Locale.ROOT,
                "%s in snapshots/ = %.2f x the database (db.sqlite %s + WAL %s)", mib(snapshots),
                db + wal > 0 ? (double) snapshots / (db + wal) : 0.0, mib(db), mib(wal)));
    }

    private NodeApi.Transfer backup(NodeProcess node, String query, Path file, String label)
            throws IOException, InterruptedException {
        String name = "backup " + label + " (" + size + ")";
        PeakRss rss = PeakRss.watch(node.pid());
        NodeApi.Transfer t = node.api().backup(query, file, timeout);
        log.memory("backup " + label + " (" + size + ")", rss.stop());
        if (t.failed()) {
            log.failed(BACKUP, name, t.error());
        } else {
            log.figure(BACKUP, name,
                    mibPerSecond(t.bytes(), t.nanos()) + " (" + mib(t.bytes()) + " in " + seconds(t.nanos()) + ")");
        }
        return t;
    }

    /** POST /db/load into a fresh node whose -http-max-body fits the file; a failure is the figure. */
    private void load(int mb, Path file, long rows) throws IOException, InterruptedException {
        String name = "load binary (" + size + ")";
        long bytes = Files.size(file);
        NodeProcess dst = ws.node("load" + mb, List.of("-http-max-body", Long.toString(bytes + (1 << 20))));
        long t0 = System.nanoTime();
        dst.start();
        dst.awaitReady(t0, timeout);
        PeakRss rss = PeakRss.watch(dst.pid());
        try {
            NodeApi.Transfer t = dst.api().load(file, timeout);
            if (t.failed()) {
                log.failed(LOAD, name, t.error());
            } else {
                String rate = mibPerSecond(t.bytes(), t.nanos()) + " (" + mib(t.bytes()) + " in " + seconds(t.nanos());
                long counted = dst.api().count(TABLE).orElse(-1);
                if (counted == rows) {
                    log.figure(LOAD, name, rate + ", all " + rows + " rows there)");
                } else {
                    log.failed(LOAD, name, rate + ") but count(*) is " + counted + ", expected " + rows);
                }
            }
        } catch (IOException e) {
            log.failed(LOAD, name, "request failed (" + e + ")" + (dst.alive() ? "" : "; the node exited"));
            log.note("last lines of the loading node's log:\n" + dst.logTail(5));
        } finally {
            log.memory("load (" + size + ")", rss.stop());
        }
        ws.discard(dst);
    }

    private static long sizeOf(Path p) throws IOException {
        try {
            return Files.size(p);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }
}
