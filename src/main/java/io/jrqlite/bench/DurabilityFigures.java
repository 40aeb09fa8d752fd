package io.jrqlite.bench;

import java.io.PrintStream;

/**
 * durability-figures: starts jrqlite nodes on loopback in a temporary directory and prints, one line each, the
 * restart, snapshot, backup, load, memory and write figures of the durability issue, then a summary. Run
 * {@code durability-figures -h} for the flags. Every node is stopped and the directory deleted at the end, also when
 * a figure fails or the tool is interrupted.
 */
public final class DurabilityFigures {

    private DurabilityFigures() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the tool; returns the exit status (0 every figure measured, 1 some failed, 2 usage). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return FiguresMain.run("durability-figures", args, out, err, FiguresOptions::parse, FiguresOptions::usage,
                (ws, o, log) -> {
                    FiguresMain.group(ws, log, FigureLog.Section.RESTART, "restart figures",
                            () -> RestartFigures.run(ws, o, log));
                    for (int mb : o.sizesMb()) {
                        FiguresMain.group(ws, log, FigureLog.Section.SNAPSHOTS, mb + " MiB figures",
                                () -> SizeFigures.run(ws, o, mb, log));
                    }
                    FiguresMain.group(ws, log, FigureLog.Section.WRITES, "write figures",
                            () -> WriteFigures.run(ws, o, log));
                });
    }
}
