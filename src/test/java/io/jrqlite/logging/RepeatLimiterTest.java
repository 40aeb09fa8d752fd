package io.jrqlite.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RepeatLimiterTest {

    @Test
    void aMessagePassesOncePerWindowAndOthersAreIndependent() {
        RepeatLimiter limiter = new RepeatLimiter(1000, 10);
        assertThat(limiter.allow("a", 0)).isTrue();
        assertThat(limiter.allow("a", 999)).isFalse();
        assertThat(limiter.allow("b", 999)).isTrue();
        assertThat(limiter.allow("a", 1000)).isTrue();
        assertThat(limiter.allow("a", 1500)).isFalse();
    }

    @Test
    void tooManyKeysForgetsThePastInsteadOfGrowing() {
        RepeatLimiter limiter = new RepeatLimiter(1000, 2);
        assertThat(limiter.allow("a", 0)).isTrue();
        assertThat(limiter.allow("b", 0)).isTrue();
        assertThat(limiter.allow("c", 0)).isTrue(); // clears a and b
        assertThat(limiter.allow("a", 1)).isTrue();
        assertThat(limiter.allow("c", 2)).isFalse();
    }
}
