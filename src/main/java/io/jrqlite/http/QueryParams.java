package io.jrqlite.http;

import io.jrqlite.command.GoDuration;
import io.jrqlite.store.Forwarding;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The query string of an API request, parsed and validated the way rqlite does it (Go's {@code url.ParseQuery},
 * first value wins, names case-sensitive). Boolean parameters are true when present.
 */
final class QueryParams {

    private static final String[] DURATIONS = {"timeout", "freshness", "db_timeout", "linearizable_timeout"};
    private static final String[] INTEGERS = {"retries", "trailing_logs"};

    private final Map<String, String> values;

    private QueryParams(Map<String, String> values) {
        this.values = values;
    }

    /** Parses and validates; a failure's message is the 400 body rqlite gives. */
    static QueryParams parse(String rawQuery) throws BadRequestException {
        Map<String, String> values = new HashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                if (pair.indexOf(';') >= 0) {
                    throw new BadRequestException("invalid semicolon separator in query");
                }
                int eq = pair.indexOf('=');
                String name = unescape(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : unescape(pair.substring(eq + 1));
                values.putIfAbsent(name, value);
            }
        }
        QueryParams params = new QueryParams(values);
        params.validate();
        return params;
    }

    private void validate() throws BadRequestException {
        if (has("freshness_strict") && !has("freshness")) {
            throw new BadRequestException("freshness_strict requires freshness");
        }
        for (String name : DURATIONS) {
            String v = values.get(name);
            if (v != null) {
                try {
                    GoDuration.parse(v);
                } catch (IllegalArgumentException e) {
                    throw new BadRequestException(name + " is not a valid duration");
                }
            }
        }
        for (String name : INTEGERS) {
            String v = values.get(name);
            if (v != null) {
                try {
                    Long.parseLong(v);
                } catch (NumberFormatException e) {
                    throw new BadRequestException(name + " is not a valid integer");
                }
            }
        }
        if (values.containsKey("q") && values.get("q").isEmpty()) {
            throw new BadRequestException("query parameter not set");
        }
    }

    /** Go's {@code url.QueryUnescape}: {@code +} is a space, {@code %XX} a byte. */
    static String unescape(String s) throws BadRequestException {
        int n = s.length();
        boolean plain = true;
        for (int i = 0; i < n && plain; i++) {
            char c = s.charAt(i);
            plain = c != '%' && c != '+' && c < 0x80;
        }
        if (plain) {
            return s;
        }
        byte[] out = new byte[n];
        int len = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '+') {
                out[len++] = ' ';
            } else if (c == '%') {
                if (i + 2 >= n || hex(s.charAt(i + 1)) < 0 || hex(s.charAt(i + 2)) < 0) {
                    throw new BadRequestException("invalid URL escape \"" + s.substring(i, Math.min(n, i + 3)) + "\"");
                }
                out[len++] = (byte) (hex(s.charAt(i + 1)) << 4 | hex(s.charAt(i + 2)));
                i += 2;
            } else {
                out[len++] = (byte) c; // Netty hands us the request line's bytes as ISO-8859-1 chars
            }
        }
        return new String(out, 0, len, StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String get(String name) {
        return values.get(name);
    }

    /** A validated duration parameter, or {@code fallback} when absent. */
    Duration duration(String name, Duration fallback) {
        String v = values.get(name);
        return v == null ? fallback : GoDuration.parse(v);
    }

    long integer(String name, long fallback) {
        String v = values.get(name);
        return v == null ? fallback : Long.parseLong(v);
    }

    /** How a follower forwards this request: {@code timeout} (30 s by default) and {@code retries}. */
    Forwarding forwarding() {
        long retries = integer("retries", 0);
        return new Forwarding(duration("timeout", Forwarding.DEFAULT.timeout()),
                (int) Math.max(0, Math.min(Integer.MAX_VALUE, retries)));
    }
}
