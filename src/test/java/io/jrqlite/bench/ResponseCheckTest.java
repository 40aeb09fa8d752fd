package io.jrqlite.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseCheckTest {

    private static boolean failed(int status, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return ResponseCheck.failed(status, b, b.length);
    }

    @Test
    void successIsStatus200WithoutAnErrorKey() {
        assertThat(failed(200, "{\"results\":[{}]}")).isFalse();
        assertThat(failed(200, "{\"results\":[{\"last_insert_id\":1,\"rows_affected\":1}],\"time\":0.1}")).isFalse();
        assertThat(failed(200, "")).isFalse();
    }

    @Test
    void errorKeyAtTopLevelOrInAResult() {
        assertThat(failed(200, "{\"error\":\"not leader\"}")).isTrue();
        assertThat(failed(200, "{\"results\":[{},{\"error\":\"no such table: foo\"}]}")).isTrue();
    }

    @Test
    void theWordErrorAsDataIsNotAnError() {
        assertThat(failed(200, "{\"results\":[{\"columns\":[\"error\"],\"values\":[[\"error\"]]}]}")).isFalse();
        assertThat(failed(200, "{\"results\":[{\"rows\":[{\"error\":1}]}]}")).isFalse();
    }

    @Test
    void anyOtherStatusIsAnError() {
        assertThat(failed(503, "{\"results\":[{}]}")).isTrue();
        assertThat(failed(301, "")).isTrue();
    }

    @Test
    void mangledJsonThatMentionsAnErrorIsAnError() {
        assertThat(failed(200, "{\"results\":[{\"error\":")).isTrue();
    }
}
