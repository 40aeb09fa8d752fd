package io.jrqlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import org.junit.jupiter.api.Test;

class VersionInfoTest {

    @Test
    void lineHasRqlitedsLayout() {
        VersionInfo v = new VersionInfo("10.0.0", "abc123", "2025-01-01T00:00:00Z", "javac17.0.15");
        assertThat(v.versionLine("3.50.1", "Linux", "amd64", "17.0.15"))
                .isEqualTo("rqlited 10.0.0 linux amd64 java17.0.15 sqlite3.50.1 (commit abc123, compiler javac17.0.15)");
    }

    @Test
    void missingOrUnfilteredValuesAreUnknown() {
        Properties p = new Properties();
        p.setProperty("version", "10.1.0");
        p.setProperty("commit", "${jrqlite.commit}");
        p.setProperty("build_time", "  ");
        VersionInfo v = VersionInfo.fromProperties(p);
        assertThat(v).isEqualTo(new VersionInfo("10.1.0", "unknown", "unknown", "unknown"));
    }

    @Test
    void bundledResourceIsFilteredByTheBuild() {
        VersionInfo v = VersionInfo.load();
        assertThat(v.version()).isNotEqualTo("unknown").doesNotContain("${");
        assertThat(v.versionLine("3.50.1")).startsWith("rqlited " + v.version() + " ")
                .contains(" sqlite3.50.1 (commit ");
    }

    @Test
    void osAndArchInGoSpelling() {
        assertThat(VersionInfo.goOs("Linux")).isEqualTo("linux");
        assertThat(VersionInfo.goOs("Mac OS X")).isEqualTo("darwin");
        assertThat(VersionInfo.goOs("Windows 11")).isEqualTo("windows");
        assertThat(VersionInfo.goOs("FreeBSD")).isEqualTo("freebsd");
        assertThat(VersionInfo.goArch("x86_64")).isEqualTo("amd64");
        assertThat(VersionInfo.goArch("aarch64")).isEqualTo("arm64");
        assertThat(VersionInfo.goArch("i686")).isEqualTo("386");
        assertThat(VersionInfo.goArch("riscv64")).isEqualTo("riscv64");
    }
}
