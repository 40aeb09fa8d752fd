package io.jrqlite.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class FailureTextTest {

    @Test
    void aFailureReadsAsItsCausesMessageAndNeverAsNull() {
        assertThat(Membership.failureText(new CompletionException(new StoreException("not leader"))))
                .isEqualTo("not leader");
        assertThat(Membership.failureText(new ExecutionException(new StoreException("leader not found"))))
                .isEqualTo("leader not found");
        assertThat(Membership.failureText(new TimeoutException())).isEqualTo("timed out");
        assertThat(Membership.failureText(new IllegalStateException())).isEqualTo("IllegalStateException");
    }
}
