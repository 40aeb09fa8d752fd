package io.jrqlite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FigureFlagsTest {

    private static final FigureFlags.Flag N = new FigureFlags.Flag("n", "1", "9", "a number");
    private static final FigureFlags.Flag WAIT = new FigureFlags.Flag("wait", "1s", "1m", "a duration");
    private static final List<FigureFlags.Flag> TABLE = List.of(FigureFlags.FULL, N, WAIT, FigureFlags.DIR);

    @Test
    void defaultsFollowFullAndGivenValuesWin() throws Exception {
        FigureFlags small = FigureFlags.parse(TABLE);
        assertThat(small.full()).isFalse();
        assertThat(small.number(N, 0, 10)).isEqualTo(1);
        assertThat(small.duration(WAIT)).isEqualTo(Duration.ofSeconds(1));
        FigureFlags full = FigureFlags.parse(TABLE, "--full", "-wait=5s");
        assertThat(full.full()).isTrue();
        assertThat(full.number(N, 0, 10)).isEqualTo(9);
        assertThat(full.duration(WAIT)).isEqualTo(Duration.ofSeconds(5));
        assertThat(FigureFlags.parse(TABLE, "-dir", "/var/tmp").dir()).hasToString("/var/tmp");
    }

    @Test
    void badValuesAreUsageErrorsNamingTheFlag() {
        assertThatThrownBy(() -> FigureFlags.parse(TABLE, "-full=yes"))
                .isInstanceOf(BenchConfig.UsageException.class).hasMessage("invalid boolean value \"yes\" for -full");
        assertThatThrownBy(() -> FigureFlags.parse(TABLE, "-n", "x").number(N, 0, 10))
                .isInstanceOf(BenchConfig.UsageException.class).hasMessage("invalid value \"x\" for -n: not an integer");
        assertThatThrownBy(() -> FigureFlags.parse(TABLE, "-n", "11").number(N, 0, 10))
                .isInstanceOf(BenchConfig.UsageException.class).hasMessage("-n must be between 0 and 10, got 11");
        assertThatThrownBy(() -> FigureFlags.parse(TABLE, "-wait", "0s").duration(WAIT))
                .isInstanceOf(BenchConfig.UsageException.class).hasMessage("-wait must be greater than zero");
        assertThatThrownBy(() -> FigureFlags.parse(TABLE, "--help")).isInstanceOf(BenchConfig.HelpRequested.class);
    }

    @Test
    void usageShowsBothDefaultsOnlyWhereTheyDiffer() {
        assertThat(FigureFlags.usage("Usage: x\n", TABLE))
                .startsWith("Usage: x\n\nFlags (default, then the -full default):\n")
                .contains("  -full\n        the full run", "  -n value\n        a number (1; -full 9)\n")
                .contains("parent of the temporary work directory (default: java.io.tmpdir)\n")
                .endsWith("2 on a usage error.\n");
    }
}
