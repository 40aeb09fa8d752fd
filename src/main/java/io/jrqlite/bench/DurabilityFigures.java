package io.jrqlite.bench;

import io.jrqlite.command.GoDuration;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.Collectors;

/**
 * durability-figures: starts jrqlite nodes on loopback in a temporary directory and prints, one line each, the
 * restart, snapshot, backup, load, memory and write figures of the durability issue, then a summary. Run
 * {@code durability-figures -h} for the flags. Every node is stopped and the directory deleted at the end, also when
 * a figure fails or the tool is interrupted.
 */
public final class DurabilityFigures {

    /** Set by scripts/durability-figures to the launcher of the server. */
    static final String RQLITED_PROPERTY = "jrqlite.rqlited";

    private DurabilityFigures() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** A group of figures; a failure inside is reported and the run goes on with the next group. */
    interface Group {
        void run() throws IOException, InterruptedException;
    }

    /** Runs the tool; returns the exit status (0 every figure measured, 1 some failed, 2 usage). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        FiguresOptions o;
        try {
            o = FiguresOptions.parse(args);
        } catch (BenchConfig.HelpRequested e) {
            out.print(FiguresOptions.usage());
            return Rqbench.EXIT_OK;
        } catch (BenchConfig.UsageException e) {
            err.println("durability-figures: " + e.getMessage());
            err.println("Run durability-figures -h for usage.");
            return Rqbench.EXIT_USAGE;
        }
        Path rqlited = Path.of(System.getProperty(RQLITED_PROPERTY, "scripts/rqlited"));
        FigureLog log = new FigureLog(out, err);
        String settings = (o.full() ? "full" : "default") + " run: " + o.rows() + " rows to restart, "
                + (o.sizesMb().isEmpty() ? "no database sizes" : "databases of "
                        + o.sizesMb().stream().map(mb -> mb + " MiB").collect(Collectors.joining(", ")))
                + ", write runs of " + GoDuration.format(o.writeTime()) + " on a " + o.writeDbMb() + " MiB database, "
                + Runtime.getRuntime().availableProcessors() + " cores";
        out.println("jrqlite durability figures, " + settings);
        long t0 = System.nanoTime();
        try (Workspace ws = Workspace.create(rqlited, o.dir(), err)) {
            log.note("work directory " + ws.root());
            group(ws, log, FigureLog.Section.RESTART, "restart figures", () -> RestartFigures.run(ws, o, log));
            for (int mb : o.sizesMb()) {
                group(ws, log, FigureLog.Section.SNAPSHOTS, mb + " MiB figures", () -> SizeFigures.run(ws, o, mb, log));
            }
            group(ws, log, FigureLog.Section.WRITES, "write figures", () -> WriteFigures.run(ws, o, log));
        } catch (IOException e) {
            err.println("durability-figures: " + e.getMessage());
            return Rqbench.EXIT_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("durability-figures: interrupted; stopping the nodes and deleting the work directory");
            return Rqbench.EXIT_FAILED;
        }
        log.printSummary("durability figures (" + settings + "; took "
                + FigureLog.seconds(System.nanoTime() - t0) + ", finished "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ")");
        return log.failures() == 0 ? Rqbench.EXIT_OK : Rqbench.EXIT_FAILED;
    }

    /**
     * Runs a group, then stops and deletes whatever nodes it left; their logs' last lines go to stderr on failure.
     * Once the shutdown hook has closed the workspace, failures are its doing: the run ends, with no summary.
     */
    static void group(Workspace ws, FigureLog log, FigureLog.Section section, String name, Group g)
            throws InterruptedException {
        boolean failed = false;
        try {
            g.run();
        } catch (IOException | RuntimeException e) {
            if (ws.closed()) {
                throw new InterruptedException("shutting down");
            }
            failed = true;
            String why = e instanceof IOException && e.getMessage() != null ? e.getMessage() : e.toString();
            log.failed(section, name, "aborted: " + why);
        } finally {
            ws.discardAll(failed);
        }
    }
}
