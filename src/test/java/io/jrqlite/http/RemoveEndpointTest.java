package io.jrqlite.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RemoveEndpointTest {

    private static String id(String body) throws BadRequestException {
        return RemoveEndpoint.nodeId(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void takesExactlyOneStringId() throws BadRequestException {
        assertThat(id("{\"id\":\"n2\"}")).isEqualTo("n2");
        assertThat(id(" { \"id\" : \"\" } ")).isEmpty();
    }

    @Test
    void anythingElseIsABadRequest() {
        for (String body : new String[] {"", "{}", "[]", "{\"id\":2}", "{\"id\":null}", "{\"id\":\"a\",\"b\":1}",
                "{\"name\":\"a\"}", "{\"id\":\"a\"} x", "{\"id\":\"a\"", "\"a\""}) {
            assertThatThrownBy(() -> id(body)).as(body).isInstanceOf(BadRequestException.class);
        }
    }
}
