package io.jrqlite.bench;

/**
 * A fixed-bucket latency recorder in the manner of HdrHistogram: values (nanoseconds) below 256 are exact, above that
 * each power of two is split into 128 linear buckets, so a reported percentile is within 1/128 (under 0.8%) of the
 * true value. Recording is O(1) with no allocation. Not thread-safe: each worker records into its own and the runner
 * merges them at the end.
 */
final class LatencyHistogram {

    private static final int SUB_BITS = 7;
    private static final int SUB_COUNT = 1 << SUB_BITS;
    /** Values are clamped to 2^40 ns (about 18 minutes), far past any time limit worth using. */
    private static final int MAX_MAGNITUDE = 40;
    private static final long MAX_VALUE = (1L << MAX_MAGNITUDE) - 1;
    private static final int BUCKETS = index(MAX_VALUE) + 1;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long min = Long.MAX_VALUE;
    private long max;

    void record(long nanos) {
        long v = Math.max(0, Math.min(nanos, MAX_VALUE));
        counts[index(v)]++;
        total++;
        if (v < min) {
            min = v;
        }
        if (v > max) {
            max = v;
        }
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    long count() {
        return total;
    }

    long max() {
        return max;
    }

    long min() {
        return total == 0 ? 0 : min;
    }

    /**
     * The smallest recorded value v such that at least {@code percentile}% of the values are &lt;= v, to bucket
     * precision (reported as the bucket's upper bound, clamped to the observed min and max). 0 when empty.
     */
    long percentile(double percentile) {
        if (total == 0) {
            return 0;
        }
        double p = Math.max(0, Math.min(100, percentile));
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.max(min, Math.min(max, upperBound(i)));
            }
        }
        return max;
    }

    static int index(long v) {
        int magnitude = 63 - Long.numberOfLeadingZeros(v);
        int shift = Math.max(0, magnitude - SUB_BITS);
        return (shift << SUB_BITS) + (int) (v >>> shift);
    }

    /** The largest value that falls in bucket {@code i}. */
    static long upperBound(int i) {
        if (i < 2 * SUB_COUNT) {
            return i;
        }
        int shift = (i >>> SUB_BITS) - 1;
        long mantissa = i - ((long) shift << SUB_BITS);
        return ((mantissa + 1) << shift) - 1;
    }
}
