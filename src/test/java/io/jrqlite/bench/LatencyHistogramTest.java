package io.jrqlite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentilesOfOneToTenThousandMicroseconds() {
        LatencyHistogram h = new LatencyHistogram();
        for (int us = 1; us <= 10_000; us++) {
            h.record(us * 1_000L);
        }
        assertThat(h.count()).isEqualTo(10_000);
        assertThat((double) h.percentile(50)).isCloseTo(5_000_000, within(5_000_000 / 128.0));
        assertThat((double) h.percentile(90)).isCloseTo(9_000_000, within(9_000_000 / 128.0));
        assertThat((double) h.percentile(99)).isCloseTo(9_900_000, within(9_900_000 / 128.0));
        assertThat(h.percentile(100)).isEqualTo(10_000_000);
        assertThat(h.max()).isEqualTo(10_000_000);
        assertThat(h.min()).isEqualTo(1_000);
    }

    @Test
    void smallValuesAreExact() {
        LatencyHistogram h = new LatencyHistogram();
        for (int v = 1; v <= 100; v++) {
            h.record(v);
        }
        assertThat(h.percentile(50)).isEqualTo(50);
        assertThat(h.percentile(90)).isEqualTo(90);
        assertThat(h.percentile(99)).isEqualTo(99);
        assertThat(h.percentile(0)).isEqualTo(1);
    }

    @Test
    void agreesWithSortingOnRandomDataWithinBucketPrecision() {
        Random r = new Random(42);
        long[] values = new long[20_000];
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < values.length; i++) {
            values[i] = (long) Math.exp(r.nextDouble() * 20); // spread across many octaves
            h.record(values[i]);
        }
        Arrays.sort(values);
        for (double p : new double[] {10, 50, 90, 99, 99.9}) {
            long exact = values[(int) Math.ceil(p / 100 * values.length) - 1];
            assertThat((double) h.percentile(p)).as("p%s", p).isCloseTo(exact, within(exact / 128.0 + 1));
        }
        assertThat(h.max()).isEqualTo(values[values.length - 1]);
    }

    @Test
    void outlierDoesNotMoveTheMedian() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < 99; i++) {
            h.record(2_000_000);
        }
        h.record(5_000_000_000L);
        assertThat(h.percentile(50)).isBetween(2_000_000L, 2_000_000L + 2_000_000L / 128);
        assertThat((double) h.percentile(99)).isCloseTo(2_000_000, within(2_000_000 / 128.0));
        assertThat(h.max()).isEqualTo(5_000_000_000L);
    }

    @Test
    void mergesAndHandlesEmpty() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        assertThat(a.percentile(50)).isZero();
        assertThat(a.max()).isZero();
        a.record(100);
        b.record(200);
        b.record(300);
        a.add(b);
        assertThat(a.count()).isEqualTo(3);
        assertThat(a.percentile(50)).isEqualTo(200);
        assertThat(a.max()).isEqualTo(300);
        assertThat(a.min()).isEqualTo(100);
    }

    @Test
    void bucketsAreContiguousAndBoundsContainTheirValues() {
        for (long v = 0; v < 1 << 20; v += 7) {
            int i = LatencyHistogram.index(v);
            assertThat(LatencyHistogram.upperBound(i)).isGreaterThanOrEqualTo(v);
            if (i > 0) {
                assertThat(LatencyHistogram.upperBound(i - 1)).isLessThan(v);
            }
        }
    }
}
