package io.jrqlite.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReadLevelTest {

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
        "none, NONE", "NONE, NONE", "weak, WEAK", "Linearizable, LINEARIZABLE", "strong, STRONG", "auto, AUTO",
        "bogus, WEAK", "'', WEAK", "NULL, WEAK"})
    void parsesCaseInsensitivelyAndFallsBackToWeak(String value, ReadLevel expected) {
        assertThat(ReadLevel.parse(value)).isEqualTo(expected);
    }
}
