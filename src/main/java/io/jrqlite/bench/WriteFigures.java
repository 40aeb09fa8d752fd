package io.jrqlite.bench;

import io.jrqlite.bench.FigureLog.Section;
import io.jrqlite.command.GoDuration;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;

/**
 * Figure 6: the same bounded write load (single-row INSERTs from {@code -clients} connections, Rqbench's load runner)
 * against two identical fresh nodes holding a {@code -write-db-mb} database, once with no snapshots and once with
 * POST /snapshot called every 500 ms, so the difference is what snapshots cost writers.
 */
final class WriteFigures {

    static final Duration SNAPSHOT_INTERVAL = Duration.ofMillis(500);
    private static final String TABLE = "w";
    private static final String STATEMENT = "INSERT INTO " + TABLE + "(v) VALUES ('" + "0123456789".repeat(10) + "')";

    private WriteFigures() {
    }

    static void run(Workspace ws, FiguresOptions o, FigureLog log) throws IOException, InterruptedException {
        writeRun(ws, o, log, false);
        writeRun(ws, o, log, true);
    }

    private static void writeRun(Workspace ws, FiguresOptions o, FigureLog log, boolean snapshots)
            throws IOException, InterruptedException {
        String label = snapshots ? "writes, POST /snapshot every 500 ms" : "writes, no snapshots";
        String setting = o.clients() + " clients, single-row INSERTs for " + GoDuration.format(o.writeTime()) + " on a "
                + o.writeDbMb() + " MiB database";
        NodeProcess node = ws.node(snapshots ? "writes-snapshots" : "writes-quiet", SizeFigures.NO_AUTO_SNAPSHOTS);
        long t0 = System.nanoTime();
        node.start();
        node.awaitReady(t0, o.timeout());
        NodeApi api = node.api();
        TableFill big = new TableFill(api, SizeFigures.TABLE, SizeFigures.ROWS_PER_REQUEST, SizeFigures.PAYLOAD_CHARS);
        big.createTable(o.timeout());
        log.note("preparing a " + o.writeDbMb() + " MiB database for the " + (snapshots ? "second" : "first")
                + " write run");
        TableFill.Result r = big.insert(o.writeDbMb() * 1024L, o.timeout());
        if (!r.error().isEmpty() || r.timedOut()) {
            throw new IOException("preparing the database: " + (r.timedOut() ? "timed out" : r.error()));
        }
        new TableFill(api, TABLE, 1, 0).createTable(o.timeout());
        api.snapshot(o.timeout()); // both runs start just after a snapshot of the same data
        long snapshotsBefore = api.storeCounters().getOrDefault("num_snapshots", 0L);

        BenchConfig cfg = loadConfig(node.httpAddress(), o);
        Target target;
        try {
            target = Target.resolve(cfg.address(), false);
        } catch (BenchConfig.UsageException e) {
            throw new IllegalStateException(e);
        }
        InetSocketAddress address = HttpConnection.reachable(target, 5_000);
        PeakRss rss = PeakRss.watch(node.pid());
        SnapshotLoop loop = snapshots ? SnapshotLoop.start(api, SNAPSHOT_INTERVAL, o.timeout()) : null;
        LoadRunner.Outcome out;
        try {
            out = new LoadRunner(cfg, address, null, BenchRequest.forRun(cfg, target)).run();
        } finally {
            SnapshotLoop.Counts calls = loop == null ? null : loop.stop();
            PeakRss.Peak peak = rss.stop();
            if (calls != null) {
                log.figure(Section.WRITES, "snapshot calls during the writes", String.format(Locale.ROOT,
                        "%d taken (200), %d nothing new (204), %d failed, longest %s", calls.taken(),
                        calls.nothingNew(), calls.failed(), FigureLog.seconds(calls.longestNanos())));
            }
            log.memory(label, peak);
        }
        long taken = api.storeCounters().getOrDefault("num_snapshots", 0L) - snapshotsBefore;
        LatencyHistogram h = out.latencies();
        double secs = out.elapsedNanos() / 1e9;
        String value = String.format(Locale.ROOT, "%.0f rows/s, p50 %s, p99 %s, max %s (%d requests, %d errors);"
                        + " store.num_snapshots +%d; %s", secs > 0 ? out.requests() / secs : 0.0,
                FigureLog.millis(h.percentile(50)), FigureLog.millis(h.percentile(99)), FigureLog.millis(h.max()),
                out.requests(), out.errors(), taken, setting);
        if (out.errors() > 0) {
            log.failed(Section.WRITES, label, value + "; first error: " + out.errorSamples().get(0));
        } else {
            log.figure(Section.WRITES, label, value);
        }
        ws.discard(node);
    }

    /** Rqbench's settings for the run: bounded by -writes requests and -write-time. */
    private static BenchConfig loadConfig(String address, FiguresOptions o) {
        try {
            return BenchConfig.parse("-a", address, "-n", Long.toString(o.writes()),
                    "-c", Integer.toString(o.clients()), "-t", GoDuration.format(o.writeTime()), STATEMENT);
        } catch (BenchConfig.UsageException | BenchConfig.HelpRequested e) {
            throw new IllegalStateException("built-in write load settings rejected: " + e.getMessage(), e);
        }
    }
}
