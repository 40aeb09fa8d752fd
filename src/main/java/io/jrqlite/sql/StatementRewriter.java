package io.jrqlite.sql;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Makes a statement deterministic before it enters the Raft log, so every replica applies the same SQL, and notes
 * the properties the endpoints care about (RETURNING, EXPLAIN).
 *
 * <ul>
 *   <li>{@code random()} becomes a literal in [0, 2<sup>63</sup>), and {@code randomblob(N)} with an integer literal
 *       N a blob literal {@code x'..'} of max(N, 1) random bytes (upper-case hex; N above 16 MiB is left alone) —
 *       neither inside an ORDER BY clause, where a random order is what is wanted.</li>
 *   <li>A {@code 'now'} argument (string in any case, or the bare word {@code now}) becomes the current UTC time as
 *       a Julian day number with 6 decimals: the first argument of {@code date}, {@code time}, {@code datetime},
 *       {@code julianday} and {@code unixepoch}, the second of {@code strftime}, either of {@code timediff}.
 *       {@code date()} without arguments and {@code CURRENT_TIMESTAMP} and friends are not rewritten.</li>
 * </ul>
 *
 * <p>Unlike rqlite, which re-serialises a parse tree, the original text is kept and only the rewritten spans change,
 * so {@code modified} means the text changed. Text the tokenizer finds malformed, or with unbalanced parentheses, is
 * returned unchanged. Calls in CREATE TABLE defaults, views and trigger bodies are rewritten too, as in rqlite.
 * Most statements contain none of the names and cost a single character scan.
 *
 * <p>Thread-safe if the clock and random source are; the default one is.
 */
public final class StatementRewriter {

    /**
     * The outcome for one statement string.
     *
     * @param sql       the statement to use: the input itself when {@code modified} is false
     * @param modified  whether anything was rewritten
     * @param returning whether the statement has a RETURNING clause, so it must be run as a query
     * @param explain   whether the statement starts with EXPLAIN, so it is read-only
     */
    public record Rewrite(String sql, boolean modified, boolean returning, boolean explain) {
    }

    private final Supplier<Instant> clock;
    private final Supplier<RandomGenerator> random;

    /** Uses the system UTC clock and a per-thread fast random source. */
    public StatementRewriter() {
        Clock utc = Clock.systemUTC();
        this.clock = utc::instant;
        this.random = ThreadLocalRandom::current;
    }

    /** For tests and special deployments: a {@link java.security.SecureRandom} qualifies as the random source. */
    public StatementRewriter(Clock clock, RandomGenerator random) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        this.clock = clock::instant;
        this.random = () -> random;
    }

    /**
     * Rewrites {@code sql}, which may hold several {@code ;}-separated statements.
     *
     * @param rewriteRandom whether to rewrite {@code random()} and {@code randomblob(N)} (off for {@code norwrandom})
     * @param rewriteTime   whether to rewrite {@code 'now'} in the time functions (off for {@code norwtime})
     */
    public Rewrite rewrite(String sql, boolean rewriteRandom, boolean rewriteTime) {
        if (Prefilter.scan(sql, rewriteRandom, rewriteTime) == 0) {
            return new Rewrite(sql, false, false, false);
        }
        return new RewritePass(sql, rewriteRandom, rewriteTime, random, clock).run();
    }
}
