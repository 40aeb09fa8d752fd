package io.jrqlite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FiguresOptionsTest {

    @Test
    void smallDefaults() throws Exception {
        FiguresOptions o = FiguresOptions.parse();
        assertThat(o.full()).isFalse();
        assertThat(o.rows()).isEqualTo(100_000);
        assertThat(o.sizesMb()).containsExactly(10, 50);
        assertThat(o.clients()).isEqualTo(8);
    }

    @Test
    void fullDefaultsAndExplicitFlagsWin() throws Exception {
        FiguresOptions full = FiguresOptions.parse("-full");
        assertThat(full.rows()).isEqualTo(1_000_000);
        assertThat(full.sizesMb()).containsExactly(100, 1000);
        assertThat(full.writeTime()).isEqualTo(Duration.ofSeconds(15));

        FiguresOptions mixed = FiguresOptions.parse("-rows=5000", "-full", "-mb", "1, 2", "-write-time", "2s");
        assertThat(mixed.rows()).isEqualTo(5000);
        assertThat(mixed.sizesMb()).isEqualTo(List.of(1, 2));
        assertThat(mixed.writeTime()).isEqualTo(Duration.ofSeconds(2));
        assertThat(mixed.writeDbMb()).isEqualTo(100);
    }

    @Test
    void emptySizeListSkipsTheSizeFigures() throws Exception {
        assertThat(FiguresOptions.parse("-mb", "").sizesMb()).isEmpty();
    }

    @Test
    void badFlagsAreUsageErrors() {
        assertThatThrownBy(() -> FiguresOptions.parse("-mb", "100,x"))
                .isInstanceOf(BenchConfig.UsageException.class).hasMessageContaining("-mb");
        assertThatThrownBy(() -> FiguresOptions.parse("-rows", "0"))
                .isInstanceOf(BenchConfig.UsageException.class).hasMessageContaining("-rows");
        assertThatThrownBy(() -> FiguresOptions.parse("-nope"))
                .isInstanceOf(BenchConfig.UsageException.class).hasMessageContaining("-nope");
        assertThatThrownBy(() -> FiguresOptions.parse("-timeout"))
                .isInstanceOf(BenchConfig.UsageException.class).hasMessageContaining("needs an argument");
        assertThatThrownBy(() -> FiguresOptions.parse("-h")).isInstanceOf(BenchConfig.HelpRequested.class);
    }
}
