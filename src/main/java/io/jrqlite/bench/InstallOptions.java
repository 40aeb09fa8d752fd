package io.jrqlite.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The settings of one install-figures run, parsed by {@link FigureFlags}: a small default and a {@code -full} default
 * (the sizes the issue asks for) for every flag.
 */
record InstallOptions(boolean full, List<Integer> sizesMb, Duration timeout, Path dir) implements FiguresMain.Options {

    static final FigureFlags.Flag MB = new FigureFlags.Flag("mb", "20", "100,1000",
            "sizes in MiB of the databases a new node installs, comma-separated");
    static final FigureFlags.Flag TIMEOUT = new FigureFlags.Flag("timeout", "10m", "60m",
            "longest any one phase (a fill, the snapshot, the install) may take");
    static final List<FigureFlags.Flag> FLAGS = List.of(FigureFlags.FULL, MB, TIMEOUT, FigureFlags.DIR);

    static InstallOptions parse(String... args) throws BenchConfig.UsageException, BenchConfig.HelpRequested {
        FigureFlags f = FigureFlags.parse(FLAGS, args);
        List<Integer> sizes = FiguresOptions.sizes(f.value(MB));
        if (sizes.isEmpty()) {
            throw new BenchConfig.UsageException("-mb needs at least one size");
        }
        return new InstallOptions(f.full(), sizes, f.duration(TIMEOUT), f.dir());
    }

    /** One line on what this run measures, for its first line and its summary. */
    @Override
    public String settings() {
        return (full ? "full" : "default") + " run: databases of "
                + sizesMb.stream().map(mb -> mb + " MiB").collect(Collectors.joining(", "))
                + " in rows of 1 KiB, " + InstallFigures.TAIL_ROWS + " rows after each of two snapshots, "
                + Runtime.getRuntime().availableProcessors() + " cores";
    }

    static String usage() {
        return FigureFlags.usage("Usage: install-figures [flags]\n"
                + "For each size: fills a leader node on loopback, snapshots it, writes a few rows more, then\n"
                + "starts a new node with -join and times its catching up by installing the leader's snapshot.\n"
                + "All nodes are stopped and the temporary directory deleted at the end.\n", FLAGS);
    }
}
