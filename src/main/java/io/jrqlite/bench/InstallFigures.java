package io.jrqlite.bench;

import static io.jrqlite.bench.FigureLog.Section.INSTALL;
import static io.jrqlite.bench.FigureLog.mib;
import static io.jrqlite.bench.FigureLog.mibPerSecond;
import static io.jrqlite.bench.FigureLog.seconds;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * install-figures: for each database size, fills a leader node, snapshots it twice (compacting its log), writes a few
 * rows more, then starts a new node with {@code -join} and times how it catches up by installing the leader's snapshot
 * plus the log tail: launch to /readyz 200, launch to every row readable locally, its {@code store.num_restores}, and
 * the peak RSS of both nodes meanwhile. Every node is stopped and the directory deleted at the end, also when a figure
 * fails or the tool is interrupted (the {@link Workspace}'s shutdown hook).
 */
public final class InstallFigures {

    /** Rows written between the leader's two snapshots, and after the second: the log tail the new node replays. */
    static final int TAIL_ROWS = 1000;

    private InstallFigures() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the tool; returns the exit status (0 every figure measured, 1 some failed, 2 usage). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return FiguresMain.run("install-figures", args, out, err, InstallOptions::parse, InstallOptions::usage,
                (ws, o, log) -> {
                    for (int mb : o.sizesMb()) {
                        FiguresMain.group(ws, log, INSTALL, mb + " MiB install",
                                () -> new InstallFigures.Size(ws, o.timeout(), log, mb).run());
                    }
                });
    }

    /** The figures of one database size. */
    private record Size(Workspace ws, Duration timeout, FigureLog log, int mb) {

        void run() throws IOException, InterruptedException {
            String size = mb + " MiB";
            NodeProcess leader = ws.node("leader" + mb, SizeFigures.NO_AUTO_SNAPSHOTS);
            leader.start();
            leader.awaitReady(System.nanoTime(), timeout);
            TableFill fill = new TableFill(leader.api(), SizeFigures.TABLE, SizeFigures.ROWS_PER_REQUEST,
                    SizeFigures.PAYLOAD_CHARS);
            fill.createTable(timeout);
            log.note("filling the leader's " + size + " database");
            long rows = insert(fill, mb * 1024L);
            // jraft truncates the log only up to the snapshot before the latest: two are needed for a new node to
            // find the start of the log gone.
            snapshot(leader);
            rows += insert(fill, TAIL_ROWS);
            snapshot(leader);
            rows += insert(fill, TAIL_ROWS);
            Path data = leader.dataDir();
            long db = Files.size(data.resolve("db.sqlite"));
            log.figure(INSTALL, "leader database (" + size + ")", String.format(Locale.ROOT,
                    "%d rows, db.sqlite %s, snapshots/ %s, the last %d rows written after the second snapshot", rows,
                    mib(db), mib(DiskUsage.bytes(data.resolve("snapshots"))), TAIL_ROWS));

            List<String> flags = new ArrayList<>(SizeFigures.NO_AUTO_SNAPSHOTS);
            flags.addAll(List.of("-join", leader.raftAddress()));
            NodeProcess joiner = ws.node("new" + mb, flags);
            log.note("starting a new node with -join " + leader.raftAddress());
            PeakRss leaderRss = PeakRss.watch(leader.pid());
            long t0 = System.nanoTime();
            joiner.start();
            PeakRss joinerRss = PeakRss.watch(joiner.pid());
            try {
                log.figure(INSTALL, "new node, launch to /readyz 200 (" + size + ")",
                        seconds(joiner.awaitReady(t0, timeout)));
                long all = joiner.awaitRows(SizeFigures.TABLE, rows, true, t0, timeout);
                log.figure(INSTALL, "new node, launch to all rows (" + size + ")", seconds(all) + " (" + rows
                        + " rows counted at level none; " + mibPerSecond(db, all) + " of database)");
            } finally {
                log.memory(INSTALL, "new node during the install (" + size + ")", joinerRss.stop());
                log.memory(INSTALL, "leader during the install (" + size + ")", leaderRss.stop());
            }
            Long restores = joiner.api().storeCounters().get("num_restores");
            String name = "new node, store.num_restores (" + size + ")";
            if (restores != null && restores == 1) {
                log.figure(INSTALL, name, "1 (installed the leader's snapshot once)");
            } else {
                log.failed(INSTALL, name, restores + ", expected 1");
            }
        }

        private void snapshot(NodeProcess leader) throws IOException, InterruptedException {
            NodeApi.Reply snap = leader.api().snapshot(timeout);
            if (snap.status() != 200) {
                throw new IOException("POST /snapshot on the leader: " + snap.describe());
            }
        }

        /** Inserts {@code n} rows of 1 KiB; returns n, or fails the size. */
        private long insert(TableFill fill, long n) throws IOException, InterruptedException {
            TableFill.Result r = fill.insert(n, timeout);
            if (!r.error().isEmpty() || r.timedOut()) {
                throw new IOException("inserting " + n + " rows: " + (r.timedOut()
                        ? "timed out after " + r.rows() + " rows" : r.error()));
            }
            log.note(String.format(Locale.ROOT, "inserted %d rows in %s (%.0f rows/s)", r.rows(),
                    seconds(r.nanos()), r.rowsPerSecond()));
            return r.rows();
        }
    }
}
