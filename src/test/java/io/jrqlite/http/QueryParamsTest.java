package io.jrqlite.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryParamsTest {

    @Test
    void presenceMakesABooleanAndFirstValueWins() throws Exception {
        QueryParams p = QueryParams.parse("pretty&timings=&level=none&level=strong");
        assertThat(p.has("pretty")).isTrue();
        assertThat(p.has("timings")).isTrue();
        assertThat(p.has("transaction")).isFalse();
        assertThat(p.get("level")).isEqualTo("none");
    }

    @Test
    void valuesAreUnescapedLikeGo() throws Exception {
        QueryParams p = QueryParams.parse("q=SELECT+*+FROM+foo%20WHERE%20x%3D1&k=%C3%A9");
        assertThat(p.get("q")).isEqualTo("SELECT * FROM foo WHERE x=1");
        assertThat(p.get("k")).isEqualTo("é");
    }

    @Test
    void durationsAndIntegersAreTyped() throws Exception {
        QueryParams p = QueryParams.parse("timeout=1m30s&retries=3");
        assertThat(p.duration("timeout", Duration.ZERO)).isEqualTo(Duration.ofSeconds(90));
        assertThat(p.duration("freshness", Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.integer("retries", 0)).isEqualTo(3);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "freshness_strict&timeout=bad | freshness_strict requires freshness",
        "timeout=bad&freshness=bad     | timeout is not a valid duration",
        "freshness=5                   | freshness is not a valid duration",
        "db_timeout=x                  | db_timeout is not a valid duration",
        "linearizable_timeout=1d       | linearizable_timeout is not a valid duration",
        "retries=x&trailing_logs=y     | retries is not a valid integer",
        "trailing_logs=1.5             | trailing_logs is not a valid integer",
        "q=                            | query parameter not set",
        "a=%zz                         | invalid URL escape \"%zz\"",
        "a=%4                          | invalid URL escape \"%4\"",
        "a=1;b=2                       | invalid semicolon separator in query",
    })
    void badParametersGiveRqlitesMessageInItsOrder(String query, String message) {
        assertThatThrownBy(() -> QueryParams.parse(query)).isInstanceOf(BadRequestException.class)
                .hasMessage(message);
    }

    @Test
    void forwardingTakesTimeoutAndRetriesWithRqlitesDefaults() throws Exception {
        assertThat(QueryParams.parse("").forwarding())
                .isEqualTo(new io.jrqlite.store.Forwarding(Duration.ofSeconds(30), 0));
        assertThat(QueryParams.parse("timeout=1m500ms&retries=3").forwarding())
                .isEqualTo(new io.jrqlite.store.Forwarding(Duration.ofMillis(60_500), 3));
        assertThat(QueryParams.parse("retries=-2").forwarding().retries()).isZero();
    }

    @Test
    void unknownParametersAreIgnored() throws Exception {
        assertThat(QueryParams.parse("whatever=%41&x").get("whatever")).isEqualTo("A");
        assertThat(QueryParams.parse(null).has("pretty")).isFalse();
    }
}
