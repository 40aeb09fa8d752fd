package io.jrqlite.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures of a run: each is printed as one {@code name: value} line the moment it is measured, and all of them
 * again, grouped by the numbering, in the summary at the end. Progress notes go to stderr so stdout holds
 * only figures. Thread-safe.
 */
final class FigureLog {

    /** The figures, in the order the summary lists them. */
    enum Section {
        RESTART("1. restart-to-ready"),
        SNAPSHOTS("2. inserts and snapshots"),
        BACKUP("3. backup"),
        LOAD("4. load"),
        MEMORY("5. peak RSS per phase (VmRSS sampled every 100 ms; VmHWM is the process's lifetime peak)"),
        WRITES("6. writes without and with snapshots"),
        INSTALL("a new node joins and installs the leader's snapshot (install-figures)");

        final String title;

        Section(String title) {
            this.title = title;
        }
    }

    private record Figure(Section section, String name, String value) {
    }

    private final PrintStream out;
    private final PrintStream err;
    private final List<Figure> figures = new ArrayList<>();
    private int failures;

    FigureLog(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    synchronized void figure(Section section, String name, String value) {
        figures.add(new Figure(section, name, value));
        out.println(name + ": " + value);
        out.flush();
    }

    /** A figure that could not be measured: printed in its place, and the run's exit status becomes 1. */
    synchronized void failed(Section section, String name, String why) {
        failures++;
        figure(section, name, "FAILED: " + why);
    }

    /** The server's peak resident memory over one phase. */
    void memory(String phase, PeakRss.Peak p) {
        memory(Section.MEMORY, phase, p);
    }

    void memory(Section section, String phase, PeakRss.Peak p) {
        figure(section, "peak RSS, " + phase, String.format(Locale.ROOT, "%.0f MiB (VmHWM %.0f MiB)",
                p.rssKb() / 1024.0, p.hwmKb() / 1024.0));
    }

    void note(String text) {
        err.println("# " + text);
        err.flush();
    }

    synchronized int failures() {
        return failures;
    }

    synchronized void printSummary(String header) {
        int width = 0;
        for (Figure f : figures) {
            width = Math.max(width, f.name().length());
        }
        out.println();
        out.println("=== " + header + " ===");
        for (Section s : Section.values()) {
            List<Figure> in = figures.stream().filter(f -> f.section() == s).toList();
            if (in.isEmpty()) {
                continue;
            }
            out.println(s.title);
            for (Figure f : in) {
                out.printf(Locale.ROOT, "  %-" + (width + 1) + "s %s%n", f.name() + ":", f.value());
            }
        }
        out.println(failures == 0 ? "all figures measured" : failures + " figure(s) FAILED");
        out.flush();
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    static String mibPerSecond(long bytes, long nanos) {
        return String.format(Locale.ROOT, "%.1f MiB/s", nanos > 0 ? bytes / 1048576.0 / (nanos / 1e9) : 0.0);
    }

    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }
}
