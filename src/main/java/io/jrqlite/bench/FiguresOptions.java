package io.jrqlite.bench;

import io.jrqlite.command.GoDuration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of one durability-figures run, parsed from Go-style flags. Every flag has a small default (a run of
 * about two minutes) and a {@code -full} default (the sizes the issue asks for); a flag given explicitly wins.
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
        Path dir) {

    enum Flag {
        FULL("full", null, null, "the full run: the -full defaults below"),
        ROWS("rows", "100000", "1000000", "rows held by the node that is restarted (figure 1)"),
        MB("mb", "10,50", "100,1000", "sizes in MiB of the databases snapshotted, backed up and loaded"),
        WRITE_DB_MB("write-db-mb", "20", "100", "database size in MiB the two write runs start from"),
        CLIENTS("clients", "8", "8", "concurrent clients in the write runs"),
        WRITE_TIME("write-time", "10s", "15s", "length of each write run (Go duration)"),
        WRITES("writes", "1000000", "1000000", "most requests in each write run"),
        TIMEOUT("timeout", "10m", "60m", "longest any one phase (a fill, snapshot, backup, load or restart) may take"),
        DIR("dir", "", "", "parent of the temporary work directory (default: java.io.tmpdir)");

        final String name;
        final String small;
        final String fullDefault;
        final String help;

        Flag(String name, String small, String fullDefault, String help) {
            this.name = name;
            this.small = small;
            this.fullDefault = fullDefault;
            this.help = help;
        }

        boolean isBoolean() {
            return small == null;
        }

        static Flag named(String name) {
            for (Flag f : values()) {
                if (f.name.equals(name)) {
                    return f;
                }
            }
            return null;
        }
    }

    static FiguresOptions parse(String... args) throws BenchConfig.UsageException, BenchConfig.HelpRequested {
        Map<Flag, String> given = new EnumMap<>(Flag.class);
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-") || arg.equals("-") || arg.equals("--")) {
                throw new BenchConfig.UsageException("unexpected argument \"" + arg + "\"");
            }
            String body = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
            int eq = body.indexOf('=');
            String name = eq < 0 ? body : body.substring(0, eq);
            String value = eq < 0 ? null : body.substring(eq + 1);
            if (name.equals("h") || name.equals("help")) {
                throw new BenchConfig.HelpRequested();
            }
            Flag flag = Flag.named(name);
            if (flag == null) {
                throw new BenchConfig.UsageException("flag provided but not defined: -" + name);
            }
            if (flag.isBoolean()) {
                value = value == null ? "true" : value;
                if (!value.equals("true") && !value.equals("false")) {
                    throw new BenchConfig.UsageException("invalid boolean value \"" + value + "\" for -" + name);
                }
            } else if (value == null) {
                if (i + 1 >= args.length) {
                    throw new BenchConfig.UsageException("flag needs an argument: -" + name);
                }
                value = args[++i];
            }
            given.put(flag, value);
        }
        boolean full = "true".equals(given.get(Flag.FULL));
        String dir = value(given, Flag.DIR, full);
        return new FiguresOptions(
                full,
                number(given, Flag.ROWS, full, 1, 1_000_000_000),
                sizes(value(given, Flag.MB, full)),
                (int) number(given, Flag.WRITE_DB_MB, full, 0, 100_000),
                (int) number(given, Flag.CLIENTS, full, 1, BenchConfig.MAX_CONCURRENCY),
                duration(given, Flag.WRITE_TIME, full),
                number(given, Flag.WRITES, full, 1, Long.MAX_VALUE),
                duration(given, Flag.TIMEOUT, full),
                Path.of(dir.isEmpty() ? System.getProperty("java.io.tmpdir") : dir));
    }

    private static String value(Map<Flag, String> given, Flag f, boolean full) {
        return given.getOrDefault(f, full ? f.fullDefault : f.small);
    }

    private static long number(Map<Flag, String> given, Flag f, boolean full, long min, long max)
            throws BenchConfig.UsageException {
        String text = value(given, f, full).strip();
        long n;
        try {
            n = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new BenchConfig.UsageException("invalid value \"" + text + "\" for -" + f.name + ": not an integer");
        }
        if (n < min || n > max) {
            throw new BenchConfig.UsageException("-" + f.name + " must be between " + min + " and " + max
                    + ", got " + n);
        }
        return n;
    }

    private static Duration duration(Map<Flag, String> given, Flag f, boolean full) throws BenchConfig.UsageException {
        Duration d;
        try {
            d = GoDuration.parse(value(given, f, full));
        } catch (IllegalArgumentException e) {
            throw new BenchConfig.UsageException("-" + f.name + ": " + e.getMessage());
        }
        if (d.isNegative() || d.isZero()) {
            throw new BenchConfig.UsageException("-" + f.name + " must be greater than zero");
        }
        return d;
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

    /** The help text, generated from {@link Flag} so it never disagrees with the defaults. */
    static String usage() {
        StringBuilder sb = new StringBuilder()
                .append("Usage: durability-figures [flags]\n")
                .append("Starts jrqlite nodes on loopback in a temporary directory and prints restart, snapshot,\n")
                .append("backup, load, memory and write-throughput figures. All nodes are stopped and the directory\n")
                .append("deleted at the end.\n\nFlags (default, then the -full default):\n");
        for (Flag f : Flag.values()) {
            sb.append("  -").append(f.name).append(f.isBoolean() ? "" : " value").append("\n        ").append(f.help);
            if (!f.isBoolean() && !f.small.isEmpty()) {
                sb.append(" (").append(f.small);
                if (!f.small.equals(f.fullDefault)) {
                    sb.append("; -full ").append(f.fullDefault);
                }
                sb.append(')');
            }
            sb.append('\n');
        }
        sb.append("\nExit status: 0 when every figure was measured, 1 when any failed, 2 on a usage error.\n");
        return sb.toString();
    }
}
