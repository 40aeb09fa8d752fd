package io.jrqlite.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShellOptionsTest {

    private static ShellOptions parse(String... args) throws Exception {
        return ShellOptions.parse(List.of(args), Map.of());
    }

    @Test
    void defaultsAreLocalhost4001OverHttp() throws Exception {
        ShellOptions o = parse();
        assertThat(o.baseUrl()).isEqualTo("http://127.0.0.1:4001/");
        assertThat(o.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.user()).isNull();
    }

    @Test
    void shortAndLongFormsSetEveryOption() throws Exception {
        ShellOptions s = parse("-H", "db1", "-p", "4101", "-s", "https", "-P", "api", "-u", "bob:pw", "-t", "5s");
        ShellOptions l = parse("--host=db1", "--port", "4101", "--scheme=https", "--prefix", "/api/",
                "--user=bob:pw", "--http-timeout", "5s");
        assertThat(s).isEqualTo(l);
        assertThat(s.baseUrl()).isEqualTo("https://db1:4101/api/");
        assertThat(s.user()).isEqualTo("bob:pw");
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void alternativesAreACommaList() throws Exception {
        assertThat(parse("-a", "h1:4001, h2:4003").alternatives()).containsExactly("h1:4001", "h2:4003");
        assertThat(parse("--alternatives=h1:4001").alternatives()).containsExactly("h1:4001");
        assertThatThrownBy(() -> parse("-a", "h1")).hasMessageContaining("host:port");
    }

    @Test
    void versionAndHelpAreFlags() throws Exception {
        assertThat(parse("-v").version()).isTrue();
        assertThat(parse("--help").help()).isTrue();
    }

    @Test
    void rqliteHostIsUsedOnlyWhenNoAddressOptionIsGiven() throws Exception {
        Map<String, String> env = Map.of("RQLITE_HOST", "https://node9:4005");
        assertThat(ShellOptions.parse(List.of(), env).baseUrl()).isEqualTo("https://node9:4005/");
        assertThat(ShellOptions.parse(List.of("-p", "4001"), env).baseUrl()).isEqualTo("http://127.0.0.1:4001/");
    }

    @Test
    void durationsTakeGoUnits() throws Exception {
        assertThat(ShellOptions.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ShellOptions.duration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(ShellOptions.duration("1.5s")).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void badOptionsAreRefusedWithAReason() {
        assertThatThrownBy(() -> parse("-x")).hasMessageContaining("unknown option -x");
        assertThatThrownBy(() -> parse("-p")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> parse("-p", "99999")).hasMessageContaining("bad port");
        assertThatThrownBy(() -> parse("-s", "ftp")).hasMessageContaining("http or https");
        assertThatThrownBy(() -> parse("-u", "bob")).hasMessageContaining("user:password");
    }

    @Test
    void historySizeDefaultsTo100AndZeroTurnsItOff() {
        assertThat(EditedInput.historySize(null)).isEqualTo(100);
        assertThat(EditedInput.historySize("0")).isZero();
        assertThat(EditedInput.historySize("250")).isEqualTo(250);
        assertThat(EditedInput.historySize("lots")).isEqualTo(100);
    }
}
