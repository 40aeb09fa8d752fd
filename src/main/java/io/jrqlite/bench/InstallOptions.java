package io.jrqlite.bench;

import io.jrqlite.command.GoDuration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of one install-figures run, parsed from Go-style flags as {@link FiguresOptions} does: a small default
 * and a {@code -full} default (the sizes the issue asks for); a flag given explicitly wins.
 */
record InstallOptions(boolean full, List<Integer> sizesMb, Duration timeout, Path dir) {

    enum Flag {
        FULL("full", null, null, "the full run: the -full defaults below"),
        MB("mb", "20", "100,1000", "sizes in MiB of the databases a new node installs, comma-separated"),
        TIMEOUT("timeout", "10m", "60m", "longest any one phase (a fill, the snapshot, the install) may take"),
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
    }

    static InstallOptions parse(String... args) throws BenchConfig.UsageException, BenchConfig.HelpRequested {
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
            Flag flag = named(name);
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
        List<Integer> sizes = FiguresOptions.sizes(value(given, Flag.MB, full));
        if (sizes.isEmpty()) {
            throw new BenchConfig.UsageException("-mb needs at least one size");
        }
        String dir = value(given, Flag.DIR, full);
        return new InstallOptions(full, sizes, timeout(value(given, Flag.TIMEOUT, full)),
                Path.of(dir.isEmpty() ? System.getProperty("java.io.tmpdir") : dir));
    }

    private static Flag named(String name) throws BenchConfig.UsageException {
        for (Flag f : Flag.values()) {
            if (f.name.equals(name)) {
                return f;
            }
        }
        throw new BenchConfig.UsageException("flag provided but not defined: -" + name);
    }

    private static String value(Map<Flag, String> given, Flag f, boolean full) {
        return given.getOrDefault(f, full ? f.fullDefault : f.small);
    }

    private static Duration timeout(String text) throws BenchConfig.UsageException {
        Duration d;
        try {
            d = GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BenchConfig.UsageException("-timeout: " + e.getMessage());
        }
        if (d.isNegative() || d.isZero()) {
            throw new BenchConfig.UsageException("-timeout must be greater than zero");
        }
        return d;
    }

    /** The help text, generated from {@link Flag} so it never disagrees with the defaults. */
    static String usage() {
        StringBuilder sb = new StringBuilder()
                .append("Usage: install-figures [flags]\n")
                .append("For each size: fills a leader node on loopback, snapshots it, writes a few rows more, then\n")
                .append("starts a new node with -join and times its catching up by installing the leader's snapshot.\n")
                .append("All nodes are stopped and the temporary directory deleted at the end.\n\n")
                .append("Flags (default, then the -full default):\n");
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
