package io.jrqlite.bench;

import io.jrqlite.command.GoDuration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Go-style flags of the figures tools, parsed against a table of {@link Flag}s: every flag has a small default and a
 * {@code -full} default; a flag given explicitly wins. The typed getters turn a bad value into a usage error.
 */
final class FigureFlags {

    /** One flag; a null {@code small} default marks a boolean flag. */
    record Flag(String name, String small, String fullDefault, String help) {
        boolean isBoolean() {
            return small == null;
        }
    }

    /** Flags both tools take. */
    static final Flag FULL = new Flag("full", null, null, "the full run: the -full defaults below");
    static final Flag DIR = new Flag("dir", "", "", "parent of the temporary work directory (default: java.io.tmpdir)");

    private final Map<Flag, String> given;
    private final boolean full;

    private FigureFlags(Map<Flag, String> given) {
        this.given = given;
        this.full = "true".equals(given.get(FULL));
    }

    static FigureFlags parse(List<Flag> table, String... args)
            throws BenchConfig.UsageException, BenchConfig.HelpRequested {
        Map<Flag, String> given = new HashMap<>();
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
            Flag flag = table.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow(
                    () -> new BenchConfig.UsageException("flag provided but not defined: -" + name));
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
        return new FigureFlags(given);
    }

    boolean full() {
        return full;
    }

    String value(Flag f) {
        return given.getOrDefault(f, full ? f.fullDefault() : f.small());
    }

    long number(Flag f, long min, long max) throws BenchConfig.UsageException {
        String text = value(f).strip();
        long n;
        try {
            n = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new BenchConfig.UsageException("invalid value \"" + text + "\" for -" + f.name() + ": not an integer");
        }
        if (n < min || n > max) {
            throw new BenchConfig.UsageException("-" + f.name() + " must be between " + min + " and " + max
                    + ", got " + n);
        }
        return n;
    }

    /** A Go duration greater than zero. */
    Duration duration(Flag f) throws BenchConfig.UsageException {
        Duration d;
        try {
            d = GoDuration.parse(value(f));
        } catch (IllegalArgumentException e) {
            throw new BenchConfig.UsageException("-" + f.name() + ": " + e.getMessage());
        }
        if (d.isNegative() || d.isZero()) {
            throw new BenchConfig.UsageException("-" + f.name() + " must be greater than zero");
        }
        return d;
    }

    /** {@link #DIR}, or java.io.tmpdir when it is empty. */
    Path dir() {
        String dir = value(DIR);
        return Path.of(dir.isEmpty() ? System.getProperty("java.io.tmpdir") : dir);
    }

    /** The help text: {@code intro}, then the table with both defaults, so it never disagrees with them. */
    static String usage(String intro, List<Flag> table) {
        StringBuilder sb = new StringBuilder(intro).append("\nFlags (default, then the -full default):\n");
        for (Flag f : table) {
            sb.append("  -").append(f.name()).append(f.isBoolean() ? "" : " value").append("\n        ")
                    .append(f.help());
            if (!f.isBoolean() && !f.small().isEmpty()) {
                sb.append(" (").append(f.small());
                if (!f.small().equals(f.fullDefault())) {
                    sb.append("; -full ").append(f.fullDefault());
                }
                sb.append(')');
            }
            sb.append('\n');
        }
        sb.append("\nExit status: 0 when every figure was measured, 1 when any failed, 2 on a usage error.\n");
        return sb.toString();
    }
}
