package io.jrqlite.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InstallOptionsTest {

    @Test
    void smallDefaults() throws Exception {
        InstallOptions o = InstallOptions.parse();
        assertThat(o.full()).isFalse();
        assertThat(o.sizesMb()).containsExactly(20);
        assertThat(o.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(o.dir()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
    }

    @Test
    void fullDefaultsAndExplicitFlagsWin() throws Exception {
        InstallOptions full = InstallOptions.parse("-full");
        assertThat(full.sizesMb()).containsExactly(100, 1000);
        assertThat(full.timeout()).isEqualTo(Duration.ofMinutes(60));

        InstallOptions mixed = InstallOptions.parse("--timeout=90s", "-full", "-mb", "5, 7", "-dir", "/var/tmp");
        assertThat(mixed.sizesMb()).containsExactly(5, 7);
        assertThat(mixed.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(mixed.dir()).isEqualTo(Path.of("/var/tmp"));
        assertThat(InstallOptions.parse("-full=false").sizesMb()).containsExactly(20);
    }

    @Test
    void badFlagsAreUsageErrors() {
        assertThatThrownBy(() -> InstallOptions.parse("-mb", ""))
                .isInstanceOf(BenchConfig.UsageException.class).hasMessageContaining("-mb");
        assertThatThrownBy(() -> InstallOptions.parse("-mb", "0"))
                .isInstanceOf(BenchConfig.UsageException.class).hasMessageContaining("-mb");
        assertThatThrownBy(() -> InstallOptions.parse("-timeout", "0s"))
                .isInstanceOf(BenchConfig.UsageException.class).hasMessageContaining("-timeout");
        assertThatThrownBy(() -> InstallOptions.parse("-rows", "5"))
                .isInstanceOf(BenchConfig.UsageException.class).hasMessageContaining("-rows");
        assertThatThrownBy(() -> InstallOptions.parse("-dir"))
                .isInstanceOf(BenchConfig.UsageException.class).hasMessageContaining("needs an argument");
        assertThatThrownBy(() -> InstallOptions.parse("20"))
                .isInstanceOf(BenchConfig.UsageException.class).hasMessageContaining("unexpected argument");
        assertThatThrownBy(() -> InstallOptions.parse("-h")).isInstanceOf(BenchConfig.HelpRequested.class);
    }

    @Test
    void usageListsEveryFlagWithItsDefaults() {
        String usage = InstallOptions.usage();
        for (FigureFlags.Flag f : InstallOptions.FLAGS) {
            assertThat(usage).contains("-" + f.name());
        }
        assertThat(usage).contains("(20; -full 100,1000)");
    }
}
