package io.jrqlite.bench;

import io.jrqlite.command.GoDuration;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * One rqbench run's settings, parsed from Go-style flags ({@code -n 1000}, {@code -n=1000}, {@code --n 1000}).
 * Flags stop at the first non-flag argument or at {@code --}; what follows is the single SQL statement.
 */
record BenchConfig(
        String address,
        String path,
        long requests,
        int batch,
        int concurrency,
        boolean transaction,
        boolean queue,
        String preload,
        String method,
        Duration timeLimit,
        String queryString,
        long warmup,
        boolean allowRemote,
        boolean newConnection,
        String caCert,
        String statement) {

    /** Every flag with its default and help line: the one place defaults live. */
    enum Flag {
        ADDRESS("a", "localhost:4001", "node HTTP address, host:port, http://host:port or https://host:port"
                + " (loopback only unless -allow-remote)"),
        PATH("p", "/db/execute", "endpoint path"),
        REQUESTS("n", "100", "number of requests; 0 means no count limit, run until -t"),
        BATCH("b", "1", "statements per request"),
        CONCURRENCY("c", "1", "requests in flight at once (one worker thread and connection each)"),
        TRANSACTION("x", null, "add the transaction query parameter"),
        QUEUE("q", null, "add the queue query parameter (queued writes)"),
        PRELOAD("o", "", "statement to run once before the test, e.g. a CREATE TABLE"),
        METHOD("m", "POST", "HTTP method: POST sends a JSON array body, GET sends the statement as q="),
        TIME_LIMIT("t", "60s", "time limit (Go duration); the run stops when it is reached"),
        QUERY_STRING("qs", "", "extra query string, e.g. level=none"),
        WARMUP("w", "0", "warm-up requests sent before the test and not counted"),
        ALLOW_REMOTE("allow-remote", null, "allow a target that is not a loopback address"),
        NEW_CONN("new-conn", null, "open a new connection for every request (with https, a full TLS handshake each:"
                + " req/s is then handshakes/s); default is one keep-alive connection per worker"),
        CA_CERT("ca-cert", "", "https: trust only this CA (PEM) and check the host name; default trusts any"
                + " certificate, as curl -k");

        final String name;
        final String defaultValue;
        final String help;

        Flag(String name, String defaultValue, String help) {
            this.name = name;
            this.defaultValue = defaultValue;
            this.help = help;
        }

        boolean isBoolean() {
            return defaultValue == null;
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

    static final String DEFAULT_STATEMENT = "INSERT INTO foo(name) VALUES(\"fiona\")";
    static final int MAX_CONCURRENCY = 4096;

    /** A command line the tool cannot run; the message is meant for the user as is. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** Thrown for -h / -help: not an error, the caller prints usage and exits 0. */
    static final class HelpRequested extends Exception {
        HelpRequested() {
            super("help requested");
        }
    }

    static BenchConfig parse(String... args) throws UsageException, HelpRequested {
        Map<Flag, String> values = new EnumMap<>(Flag.class);
        int i = 0;
        while (i < args.length) {
            String arg = args[i];
            if (arg.equals("--")) {
                i++;
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                break;
            }
            String body = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
            String name = body;
            String value = null;
            int eq = body.indexOf('=');
            if (eq >= 0) {
                name = body.substring(0, eq);
                value = body.substring(eq + 1);
            }
            if (name.equals("h") || name.equals("help")) {
                throw new HelpRequested();
            }
            Flag flag = Flag.named(name);
            if (flag == null) {
                throw new UsageException("flag provided but not defined: -" + name);
            }
            if (flag.isBoolean()) {
                if (value == null) {
                    value = "true";
                } else if (!value.equals("true") && !value.equals("false")) {
                    throw new UsageException("invalid boolean value \"" + value + "\" for -" + name);
                }
            } else if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException("flag needs an argument: -" + name);
                }
                value = args[++i];
            }
            values.put(flag, value);
            i++;
        }
        String statement = DEFAULT_STATEMENT;
        if (i < args.length) {
            statement = args[i++];
        }
        if (i < args.length) {
            throw new UsageException("unexpected argument \"" + args[i]
                    + "\": give flags before the statement, and quote the statement as one argument");
        }
        return fromValues(values, statement);
    }

    private static BenchConfig fromValues(Map<Flag, String> v, String statement) throws UsageException {
        String method = get(v, Flag.METHOD).toUpperCase(Locale.ROOT);
        if (!method.equals("POST") && !method.equals("GET")) {
            throw new UsageException("-m must be GET or POST, got \"" + get(v, Flag.METHOD) + "\"");
        }
        int batch = (int) number(v, Flag.BATCH, 1, 1_000_000);
        if (method.equals("GET") && batch != 1) {
            throw new UsageException("-m GET sends one statement per request (q=); use -b 1 or POST");
        }
        String path = get(v, Flag.PATH);
        if (!path.startsWith("/")) {
            throw new UsageException("-p must start with /, got \"" + path + "\"");
        }
        Duration limit;
        try {
            limit = GoDuration.parse(get(v, Flag.TIME_LIMIT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("-t: " + e.getMessage());
        }
        if (limit.isZero()) {
            throw new UsageException("-t must be greater than zero");
        }
        String qs = get(v, Flag.QUERY_STRING);
        if (qs.startsWith("?") || qs.startsWith("&")) {
            qs = qs.substring(1);
        }
        if (statement.isBlank()) {
            throw new UsageException("the statement is empty");
        }
        return new BenchConfig(
                get(v, Flag.ADDRESS),
                path,
                number(v, Flag.REQUESTS, 0, Long.MAX_VALUE),
                batch,
                (int) number(v, Flag.CONCURRENCY, 1, MAX_CONCURRENCY),
                bool(v, Flag.TRANSACTION),
                bool(v, Flag.QUEUE),
                get(v, Flag.PRELOAD),
                method,
                limit,
                qs,
                number(v, Flag.WARMUP, 0, Long.MAX_VALUE),
                bool(v, Flag.ALLOW_REMOTE),
                bool(v, Flag.NEW_CONN),
                get(v, Flag.CA_CERT),
                statement);
    }

    private static String get(Map<Flag, String> v, Flag f) {
        return v.getOrDefault(f, f.defaultValue);
    }

    private static boolean bool(Map<Flag, String> v, Flag f) {
        return "true".equals(v.get(f));
    }

    private static long number(Map<Flag, String> v, Flag f, long min, long max) throws UsageException {
        String text = get(v, f);
        long n;
        try {
            n = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new UsageException("invalid value \"" + text + "\" for -" + f.name + ": not an integer");
        }
        if (n < min || n > max) {
            throw new UsageException("-" + f.name + " must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    /** The help text, generated from {@link Flag} so it never disagrees with the defaults. */
    static String usage() {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: rqbench [flags] [statement]\n")
          .append("Sends the statement to a jrqlite/rqlite node over HTTP(S) and reports throughput and latency.\n")
          .append("Default statement: ").append(DEFAULT_STATEMENT).append("\n\nFlags:\n");
        for (Flag f : Flag.values()) {
            sb.append("  -").append(f.name);
            if (!f.isBoolean()) {
                sb.append(" value");
            }
            sb.append("\n        ").append(f.help);
            if (f.defaultValue != null && !f.defaultValue.isEmpty()) {
                sb.append(" (default ").append(f.defaultValue).append(')');
            }
            sb.append('\n');
        }
        sb.append("\nExit status: 0 when every request succeeded, 1 when any failed, 2 on a usage error.\n");
        return sb.toString();
    }
}
