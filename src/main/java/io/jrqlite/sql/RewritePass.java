package io.jrqlite.sql;

import io.jrqlite.sql.Token.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * One token-level pass over a statement string for {@link StatementRewriter}. The original text is kept and only
 * the spans of rewritten calls or arguments are replaced, so the output differs from the input exactly there.
 *
 * <p>Parentheses are tracked as a stack of {@link Level}s. A level opened right after a rewritable function name is
 * that function's call; it counts arguments (split on its own commas) and remembers the only token of the current
 * argument, which is all the rules need: {@code random()} has none, {@code randomblob(N)} and {@code 'now'} are a
 * single token. Each level also knows whether it lies inside an ORDER BY clause, where random calls stay as they are.
 *
 * <p>Single use, not thread-safe.
 */
final class RewritePass {

    /** Larger {@code randomblob(N)} calls are left alone rather than put megabytes of hex into the statement. */
    static final long MAX_REWRITTEN_BLOB = 1L << 24;

    private enum Function { NONE, RANDOM, RANDOMBLOB, TIME, STRFTIME, TIMEDIFF }

    /**
     * Words after which {@code name(} is a table or CTE name with a column list, not a call: {@code INSERT INTO
     * time(now)}, {@code CREATE TABLE IF NOT EXISTS date(now)}, {@code WITH random(x) AS (...)}.
     */
    private static final String[] NOT_A_CALL_AFTER = {"into", "table", "exists", "references", "view", "with",
        "recursive"};

    /** Time functions whose first argument may be 'now'. */
    private static final String[] NOW_FIRST_FUNCTIONS = {"date", "time", "datetime", "julianday", "unixepoch"};

    private static final class Level {
        final Function function;
        final int nameStart;
        /** Whether an enclosing level is inside ORDER BY; fixed when this level opens. */
        final boolean enclosedByOrderBy;
        boolean orderBy;
        int argIndex;
        int argTokens;
        Token argToken;

        Level(Function function, int nameStart, boolean enclosedByOrderBy) {
            this.function = function;
            this.nameStart = nameStart;
            this.enclosedByOrderBy = enclosedByOrderBy;
        }

        boolean inOrderBy() {
            return orderBy || enclosedByOrderBy;
        }

        void countArgToken(Token t) {
            if (argTokens++ == 0) {
                argToken = t;
            }
        }

        boolean hasNoArguments() {
            return argIndex == 0 && argTokens == 0;
        }
    }

    private final String sql;
    private final boolean rewriteRandom;
    private final boolean rewriteTime;
    private final Supplier<RandomGenerator> random;
    private final Supplier<Instant> clock;

    private final List<Level> levels = new ArrayList<>();
    private Token prev;
    private Token prevPrev;
    private boolean odd;
    private boolean seenFirst;
    private boolean returning;
    private boolean explain;

    private StringBuilder out;
    private int copiedUpTo;
    private String julianDay;

    RewritePass(String sql, boolean rewriteRandom, boolean rewriteTime, Supplier<RandomGenerator> random,
            Supplier<Instant> clock) {
        this.sql = sql;
        this.rewriteRandom = rewriteRandom;
        this.rewriteTime = rewriteTime;
        this.random = random;
        this.clock = clock;
        levels.add(new Level(Function.NONE, 0, false));
    }

    StatementRewriter.Rewrite run() {
        SqlTokenizer tokenizer = new SqlTokenizer(sql);
        for (Token t = tokenizer.nextSignificant(); t != null; t = tokenizer.nextSignificant()) {
            if (!seenFirst) {
                seenFirst = true;
                explain = t.isWord(sql, "explain");
            }
            if (t.isWord(sql, "returning")) {
                returning = true;
            }
            if (t.kind() == Kind.INVALID) {
                odd = true;
            }
            if (!odd) {
                accept(t);
            }
            prevPrev = prev;
            prev = t;
        }
        if (levels.size() != 1) {
            odd = true;
        }
        if (odd || out == null) {
            return new StatementRewriter.Rewrite(sql, false, returning, explain);
        }
        out.append(sql, copiedUpTo, sql.length());
        return new StatementRewriter.Rewrite(out.toString(), true, returning, explain);
    }

    private void accept(Token t) {
        Level top = levels.get(levels.size() - 1);
        switch (t.kind()) {
            case LEFT_PAREN -> {
                top.countArgToken(t);
                levels.add(new Level(functionNamedBy(prev, prevPrev), prev == null ? 0 : prev.start(),
                    top.inOrderBy()));
            }
            case RIGHT_PAREN -> {
                if (levels.size() == 1) {
                    odd = true;
                    return;
                }
                close(top, t);
                levels.remove(levels.size() - 1);
            }
            case COMMA -> finishArgument(top);
            case SEMICOLON -> {
                if (levels.size() != 1) {
                    odd = true;
                    return;
                }
                levels.set(0, new Level(Function.NONE, 0, false));
            }
            case WORD -> {
                if (t.isWord(sql, "by") && prev != null && prev.isWord(sql, "order")) {
                    top.orderBy = true;
                } else if (t.isWord(sql, "limit") || t.isWord(sql, "on")) {
                    top.orderBy = false; // what follows ORDER BY terms at this level
                }
                top.countArgToken(t);
            }
            default -> top.countArgToken(t);
        }
    }

    /** The function whose call a {@code (} right after {@code name} opens, or NONE. */
    private Function functionNamedBy(Token name, Token beforeName) {
        if (name == null || name.kind() != Kind.WORD) {
            return Function.NONE;
        }
        if (beforeName != null && (beforeName.kind() == Kind.DOT || isAnyWord(beforeName, NOT_A_CALL_AFTER))) {
            return Function.NONE;
        }
        if (rewriteRandom) {
            if (name.isWord(sql, "random")) {
                return Function.RANDOM;
            }
            if (name.isWord(sql, "randomblob")) {
                return Function.RANDOMBLOB;
            }
        }
        if (rewriteTime) {
            if (isAnyWord(name, NOW_FIRST_FUNCTIONS)) {
                return Function.TIME;
            }
            if (name.isWord(sql, "strftime")) {
                return Function.STRFTIME;
            }
            if (name.isWord(sql, "timediff")) {
                return Function.TIMEDIFF;
            }
        }
        return Function.NONE;
    }

    private boolean isAnyWord(Token t, String[] words) {
        for (String w : words) {
            if (t.isWord(sql, w)) {
                return true;
            }
        }
        return false;
    }

    private void close(Level call, Token rightParen) {
        switch (call.function) {
            case RANDOM -> {
                if (call.hasNoArguments() && !call.enclosedByOrderBy) {
                    long value = random.get().nextLong() & Long.MAX_VALUE;
                    replace(call.nameStart, rightParen.end(), Long.toString(value));
                }
            }
            case RANDOMBLOB -> {
                if (call.argIndex == 0 && call.argTokens == 1 && !call.enclosedByOrderBy) {
                    long n = integerLiteral(call.argToken);
                    if (n >= 0 && n <= MAX_REWRITTEN_BLOB) {
                        replace(call.nameStart, rightParen.end(), blobLiteral((int) Math.max(n, 1)));
                    }
                }
            }
            case TIME, STRFTIME, TIMEDIFF -> {
                if (!call.hasNoArguments()) {
                    finishArgument(call);
                }
            }
            case NONE -> {
            }
        }
    }

    /** Ends the current argument of {@code call}, rewriting it if it is a 'now' the function's rule covers. */
    private void finishArgument(Level call) {
        boolean nowPosition = switch (call.function) {
            case TIME -> call.argIndex == 0;
            case STRFTIME -> call.argIndex == 1;
            case TIMEDIFF -> call.argIndex <= 1;
            default -> false;
        };
        if (nowPosition && call.argTokens == 1 && isNow(call.argToken)) {
            replace(call.argToken.start(), call.argToken.end(), julianDay());
        }
        call.argIndex++;
        call.argTokens = 0;
        call.argToken = null;
    }

    private boolean isNow(Token t) {
        if (t.kind() == Kind.STRING) {
            return t.length() == 5 && Token.matchesIgnoreAsciiCase(sql, t.start() + 1, "now");
        }
        return t.isWord(sql, "now");
    }

    /** The value of a decimal or hex integer literal, or -1 if the token is anything else or too large. */
    private long integerLiteral(Token t) {
        if (t.kind() != Kind.NUMBER) {
            return -1;
        }
        String text = t.text(sql).replace("_", "");
        int radix = 10;
        if (text.length() > 2 && (text.charAt(1) == 'x' || text.charAt(1) == 'X')) {
            text = text.substring(2);
            radix = 16;
        }
        if (text.length() > 15) {
            return -1;
        }
        try {
            return Long.parseLong(text, radix);
        } catch (NumberFormatException e) {
            return -1; // a real number such as 4.0 or 1e3
        }
    }

    private String blobLiteral(int bytes) {
        byte[] data = new byte[bytes];
        random.get().nextBytes(data);
        StringBuilder b = new StringBuilder(bytes * 2 + 3).append("x'");
        for (byte d : data) {
            b.append(Character.toUpperCase(Character.forDigit((d >> 4) & 0xF, 16)))
                .append(Character.toUpperCase(Character.forDigit(d & 0xF, 16)));
        }
        return b.append('\'').toString();
    }

    /** Now as a Julian day number with 6 decimals; computed once so every 'now' in the string agrees. */
    private String julianDay() {
        if (julianDay == null) {
            julianDay = formatJulianDay(clock.get());
        }
        return julianDay;
    }

    /** Exact integer arithmetic: millionths of a day since the Julian epoch, rounded half up. */
    static String formatJulianDay(Instant t) {
        final long nanosPerMicroDay = 86_400_000L;
        long days = Math.floorDiv(t.getEpochSecond(), 86_400L);
        long nanosOfDay = Math.floorMod(t.getEpochSecond(), 86_400L) * 1_000_000_000L + t.getNano();
        // The Unix epoch is Julian day 2440587.5.
        long microDays = (days + 2_440_587L) * 1_000_000L + 500_000L + (nanosOfDay + nanosPerMicroDay / 2)
            / nanosPerMicroDay;
        return (microDays / 1_000_000L) + "." + String.format(Locale.ROOT, "%06d", microDays % 1_000_000L);
    }

    private void replace(int start, int end, String text) {
        if (start < copiedUpTo) {
            return; // cannot happen with the rules above; never emit overlapping text
        }
        if (out == null) {
            out = new StringBuilder(sql.length() + 32);
        }
        out.append(sql, copiedUpTo, start).append(text);
        copiedUpTo = end;
    }
}
