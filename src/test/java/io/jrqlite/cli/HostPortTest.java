package io.jrqlite.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "localhost:4001 | localhost | 4001",
            ":4001          | ''        | 4001",
            "host:          | host      | ''",
            "[::1]:4002     | ::1       | 4002",
            "[::]:1         | ::        | 1",
            "http://nonsense | http     | //nonsense",
            "1.2.3.4:x      | 1.2.3.4   | x"})
    void splitsLikeGo(String hostport, String host, String port) {
        assertThat(HostPort.split(hostport)).isEqualTo(new HostPort(host, port));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "", "::1:4002", "a:b:c", "[::1]", "[::1]x:1", "[::1:1", "a[b:1", "a]b:1",
            "[a]:1]:2", "[a]]:1"})
    void failsWhereGoFails(String hostport) {
        assertThat(HostPort.split(hostport)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "0::0", "0:0:0:0:0:0:0:0", "::ffff:0.0.0.0", "::0.0.0.0"})
    void unspecifiedAddresses(String host) {
        assertThat(new HostPort(host, "1").isUnspecifiedIp()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.1", "::1", "0", "0.0.0", "00.0.0.0", "", "example.com",
            "0.0.0.0.nip.io", "fe80::1%eth0", ":::"})
    void otherHostsAreNotUnspecified(String host) {
        assertThat(new HostPort(host, "1").isUnspecifiedIp()).isFalse();
    }

    @Test
    void numericPort() {
        assertThat(new HostPort("h", "4002").numericPort()).isEqualTo(4002L);
        assertThat(new HostPort("h", "").numericPort()).isNull();
        assertThat(new HostPort("h", "abc").numericPort()).isNull();
        assertThat(new HostPort("h", "0x10").numericPort()).isNull();
    }
}
