package io.jrqlite.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BasicAuthTest {

    @Test
    void readsWhatItWrites() {
        Credentials c = new Credentials("bob", "pa:ss wörd");
        assertThat(BasicAuth.header(c)).startsWith("Basic ");
        assertThat(BasicAuth.parse(BasicAuth.header(c))).isEqualTo(c);
    }

    @Test
    void schemeIsCaseInsensitiveAndPasswordMayBeEmpty() {
        assertThat(BasicAuth.parse("basic Ym9iOg==")).isEqualTo(new Credentials("bob", ""));
    }

    @Test
    void anythingElseIsNoCredentials() {
        assertThat(BasicAuth.parse(null)).isNull();
        assertThat(BasicAuth.parse("")).isNull();
        assertThat(BasicAuth.parse("Bearer abc")).isNull();
        assertThat(BasicAuth.parse("Basic !!!")).isNull();
        assertThat(BasicAuth.parse("Basic Ym9i")).isNull(); // "bob": no colon
    }
}
