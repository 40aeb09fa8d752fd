package io.jrqlite.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

/**
 * What the figures tools share around their figures: flags, usage and exit status, the {@link Workspace} that stops
 * every node and deletes the work directory (also on an interrupt), and the summary.
 */
final class FiguresMain {

    /** Set by the scripts to the launcher of the server. */
    static final String RQLITED_PROPERTY = "jrqlite.rqlited";

    private FiguresMain() {
    }

    /** A tool's parsed flags. */
    interface Options {
        Path dir();

        /** One line on what the run measures, for its first line and its summary. */
        String settings();
    }

    interface Parser<O> {
        O parse(String... args) throws BenchConfig.UsageException, BenchConfig.HelpRequested;
    }

    /** The figures of a run, measured in groups (see {@link #group}). */
    interface Figures<O> {
        void measure(Workspace ws, O options, FigureLog log) throws InterruptedException;
    }

    /** A group of figures; a failure inside is reported and the run goes on with the next group. */
    interface Group {
        void run() throws IOException, InterruptedException;
    }

    /**
     * Runs the tool {@code name} (e.g. {@code install-figures}); returns the exit status (0 every figure measured, 1
     * some failed, 2 usage).
     */
    static <O extends Options> int run(String name, String[] args, PrintStream out, PrintStream err,
            Parser<O> parser, Supplier<String> usage, Figures<O> figures) {
        O o;
        try {
            o = parser.parse(args);
        } catch (BenchConfig.HelpRequested e) {
            out.print(usage.get());
            return Rqbench.EXIT_OK;
        } catch (BenchConfig.UsageException e) {
            err.println(name + ": " + e.getMessage());
            err.println("Run " + name + " -h for usage.");
            return Rqbench.EXIT_USAGE;
        }
        Path rqlited = Path.of(System.getProperty(RQLITED_PROPERTY, "scripts/rqlited"));
        FigureLog log = new FigureLog(out, err);
        String title = name.replace('-', ' '); // install-figures: "install figures"
        String settings = o.settings();
        out.println("jrqlite " + title + ", " + settings);
        long t0 = System.nanoTime();
        try (Workspace ws = Workspace.create(rqlited, o.dir(), err)) {
            log.note("work directory " + ws.root());
            figures.measure(ws, o, log);
        } catch (IOException e) {
            err.println(name + ": " + e.getMessage());
            return Rqbench.EXIT_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(name + ": interrupted; stopping the nodes and deleting the work directory");
            return Rqbench.EXIT_FAILED;
        }
        log.printSummary(title + " (" + settings + "; took " + FigureLog.seconds(System.nanoTime() - t0)
                + ", finished " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ")");
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
