package io.jrqlite.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DateTimesTest {

    @ParameterizedTest
    @CsvSource({
            "2024-01-02, 2024-01-02T00:00:00Z",
            "2024-01-02 03:04, 2024-01-02T03:04:00Z",
            "2024-01-02T3:04, 2024-01-02T03:04:00Z",
            "2024-01-02 03:04:05, 2024-01-02T03:04:05Z",
            "2024-01-02 03:04:05Z, 2024-01-02T03:04:05Z",
            "2024-01-02 03:04:05.000, 2024-01-02T03:04:05Z",
            "2024-01-02 03:04:05.1234567891, 2024-01-02T03:04:05.123456789Z",
            "2024-02-29 23:59:59+00:30, 2024-02-29T23:29:59Z",
            "2024-12-31 23:30:00-01:00, 2025-01-01T00:30:00Z",
            "2023-02-29, 0001-01-01T00:00:00Z",
            "2024-1-02, 0001-01-01T00:00:00Z",
            "2024-01-02 24:00, 0001-01-01T00:00:00Z",
            "2024-01-02 03:04+01:00, 0001-01-01T00:00:00Z",
            "24-01-02, 0001-01-01T00:00:00Z",
            "'', 0001-01-01T00:00:00Z",
    })
    void text(String in, String out) {
        assertThat(DateTimes.fromText(in)).isEqualTo(out);
    }

    @ParameterizedTest
    @CsvSource({
            "0, 1970-01-01T00:00:00Z",
            "1000000000000, 33658-09-27T01:46:40Z",
            "1000000000001, 2001-09-09T01:46:40.001Z",
            "-1000000000001, 1938-04-24T22:13:19.999Z",
    })
    void integers(long in, String out) {
        assertThat(DateTimes.fromInteger(in)).isEqualTo(out);
    }
}
