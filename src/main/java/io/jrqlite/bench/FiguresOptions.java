package io.jrqlite.bench;

import io.jrqlite.command.GoDuration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The settings of one durability-figures run, parsed by {@link FigureFlags}: the small defaults make a run of about
 * two minutes, the {@code -full} defaults the sizes the issue asks for.
 */
record FiguresOptions(
        boolean full,
        long rows,
        List<Integer> sizesMb,
        int writeDbMb,
        int clients,
        Duration writeTime,
        long writes,
        Duration timeout,
        Path dir) implements FiguresMain.Options {

    static final FigureFlags.Flag ROWS = new FigureFlags.Flag("rows", "100000", "1000000",
            "rows held by the node that is restarted (figure 1)");
    static final FigureFlags.Flag MB = new FigureFlags.Flag("mb", "10,50", "100,1000",
            "sizes in MiB of the databases snapshotted, backed up and loaded");
    static final FigureFlags.Flag WRITE_DB_MB = new FigureFlags.Flag("write-db-mb", "20", "100",
            "database size in MiB the two write runs start from");
    static final FigureFlags.Flag CLIENTS = new FigureFlags.Flag("clients", "8", "8",
            "concurrent clients in the write runs");
    static final FigureFlags.Flag WRITE_TIME = new FigureFlags.Flag("write-time", "10s", "15s",
            "length of each write run (Go duration)");
    static final FigureFlags.Flag WRITES = new FigureFlags.Flag("writes", "1000000", "1000000",
            "most requests in each write run");
    static final FigureFlags.Flag TIMEOUT = new FigureFlags.Flag("timeout", "10m", "60m",
            "longest any one phase (a fill, snapshot, backup, load or restart) may take");
    static final List<FigureFlags.Flag> FLAGS = List.of(FigureFlags.FULL, ROWS, MB, WRITE_DB_MB, CLIENTS, WRITE_TIME,
            WRITES, TIMEOUT, FigureFlags.DIR);

    static FiguresOptions parse(String... args) throws BenchConfig.UsageException, BenchConfig.HelpRequested {
        FigureFlags f = FigureFlags.parse(FLAGS, args);
        return new FiguresOptions(
                f.full(),
                f.number(ROWS, 1, 1_000_000_000),
                sizes(f.value(MB)),
                (int) f.number(WRITE_DB_MB, 0, 100_000),
                (int) f.number(CLIENTS, 1, BenchConfig.MAX_CONCURRENCY),
                f.duration(WRITE_TIME),
                f.number(WRITES, 1, Long.MAX_VALUE),
                f.duration(TIMEOUT),
                f.dir());
    }

    /** One line on what this run measures, for its first line and its summary. */
    @Override
    public String settings() {
        return (full ? "full" : "default") + " run: " + rows + " rows to restart, "
                + (sizesMb.isEmpty() ? "no database sizes" : "databases of "
                        + sizesMb.stream().map(mb -> mb + " MiB").collect(Collectors.joining(", ")))
                + ", write runs of " + GoDuration.format(writeTime) + " on a " + writeDbMb + " MiB database, "
                + Runtime.getRuntime().availableProcessors() + " cores";
    }

    static List<Integer> sizes(String text) throws BenchConfig.UsageException {
        List<Integer> sizes = new ArrayList<>();
        if (text.isBlank()) {
            return sizes; // -mb "" skips the size figures
        }
        for (String part : text.split(",")) {
            try {
                int mb = Integer.parseInt(part.strip());
                if (mb < 1 || mb > 1_000_000) {
                    throw new NumberFormatException();
                }
                sizes.add(mb);
            } catch (NumberFormatException e) {
                throw new BenchConfig.UsageException("-mb takes sizes in MiB (1 to 1000000), comma-separated; got \""
                        + text + "\"");
            }
        }
        return List.copyOf(sizes);
    }

    static String usage() {
        return FigureFlags.usage("Usage: durability-figures [flags]\n"
                + "Starts jrqlite nodes on loopback in a temporary directory and prints restart, snapshot,\n"
                + "backup, load, memory and write-throughput figures. All nodes are stopped and the directory\n"
                + "deleted at the end.\n", FLAGS);
    }
}
