package io.jrqlite.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class CredentialStoreTest {

    private static CredentialStore parse(String json) throws IOException {
        return CredentialStore.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static final Credentials BOB = new Credentials("bob", "secret1");

    @Test
    void aUserHasExactlyTheirPermissions() throws IOException {
        CredentialStore s = parse("[{\"username\":\"bob\",\"password\":\"secret1\",\"perms\":[\"query\",\"backup\"]}]");
        for (Perm p : Perm.values()) {
            boolean expected = p == Perm.QUERY || p == Perm.BACKUP;
            assertThat(s.allows(BOB, p)).as(p.text()).isEqualTo(expected);
        }
    }

    @Test
    void allGrantsEveryPermission() throws IOException {
        CredentialStore s = parse("[{\"username\":\"bob\",\"password\":\"secret1\",\"perms\":[\"all\"]}]");
        for (Perm p : Perm.values()) {
            assertThat(s.allows(BOB, p)).as(p.text()).isTrue();
        }
    }

    @Test
    void wrongPasswordUnknownUserOrNoCredentialsAreRefused() throws IOException {
        CredentialStore s = parse("[{\"username\":\"bob\",\"password\":\"secret1\",\"perms\":[\"all\"]}]");
        assertThat(s.allows(new Credentials("bob", "secret2"), Perm.QUERY)).isFalse();
        assertThat(s.allows(new Credentials("bob", "secret"), Perm.QUERY)).isFalse();
        assertThat(s.allows(new Credentials("bob", ""), Perm.QUERY)).isFalse();
        assertThat(s.allows(new Credentials("alice", "secret1"), Perm.QUERY)).isFalse();
        assertThat(s.allows(null, Perm.QUERY)).isFalse();
        assertThat(s.allows(new Credentials("", ""), Perm.QUERY)).isFalse();
    }

    @Test
    void theStarUserLendsItsPermissionsToEveryone() throws IOException {
        CredentialStore s = parse("[{\"username\":\"*\",\"perms\":[\"status\",\"ready\"]},"
                + "{\"username\":\"bob\",\"password\":\"secret1\",\"perms\":[\"execute\"]}]");
        assertThat(s.allows(null, Perm.STATUS)).isTrue();
        assertThat(s.allows(new Credentials("mallory", "x"), Perm.READY)).isTrue();
        assertThat(s.allows(new Credentials("bob", "wrong"), Perm.STATUS)).isTrue();
        assertThat(s.allows(BOB, Perm.STATUS)).isTrue();
        assertThat(s.allows(BOB, Perm.EXECUTE)).isTrue();
        assertThat(s.allows(null, Perm.EXECUTE)).isFalse();
        assertThat(s.allows(new Credentials("bob", "wrong"), Perm.EXECUTE)).isFalse();
    }

    @Test
    void eachEntryIsReadFreshAndFieldNamesIgnoreCase() throws IOException {
        // rqlite would give carol bob's password and perms; a missing field here is empty.
        CredentialStore s = parse("[{\"Username\":\"bob\",\"PASSWORD\":\"secret1\",\"Perms\":[\"all\"],\"x\":{\"y\":1}},"
                + "{\"username\":\"carol\"}]");
        assertThat(s.allows(BOB, Perm.JOIN)).isTrue();
        assertThat(s.allows(new Credentials("carol", "secret1"), Perm.JOIN)).isFalse();
        assertThat(s.allows(new Credentials("carol", ""), Perm.JOIN)).isFalse();
        assertThat(s.credentialsOf("carol")).isEqualTo(new Credentials("carol", ""));
    }

    @Test
    void unknownPermissionNamesGrantNothing() throws IOException {
        CredentialStore s = parse("[{\"username\":\"bob\",\"password\":\"secret1\",\"perms\":[\"everything\"]}]");
        for (Perm p : EnumSet.allOf(Perm.class)) {
            assertThat(s.allows(BOB, p)).isFalse();
        }
    }

    @Test
    void joinAsCredentialsComeFromTheFile() throws IOException {
        CredentialStore s = parse("[{\"username\":\"bob\",\"password\":\"secret1\",\"perms\":[\"join\"]}]");
        assertThat(s.credentialsOf("bob")).isEqualTo(BOB);
        assertThat(s.credentialsOf("nobody")).isNull();
    }

    @Test
    void malformedFilesAreRefusedWithAReason() {
        assertThatThrownBy(() -> parse("")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> parse("{\"username\":\"bob\"}")).hasMessage("expected a JSON array of users");
        assertThatThrownBy(() -> parse("[{\"username\":\"bob\",")).hasMessageStartingWith("invalid JSON");
        assertThatThrownBy(() -> parse("[\"bob\"]")).hasMessage("entry 0: expected an object");
        assertThatThrownBy(() -> parse("[{},{\"username\":7}]")).hasMessage("entry 1: username must be a string");
        assertThatThrownBy(() -> parse("[{\"username\":\"a\",\"password\":true}]"))
                .hasMessage("entry 0: password must be a string");
        assertThatThrownBy(() -> parse("[{\"username\":\"a\",\"perms\":\"all\"}]"))
                .hasMessage("entry 0: perms must be an array of strings");
        assertThatThrownBy(() -> parse("[{\"username\":\"a\",\"perms\":[1]}]"))
                .hasMessage("entry 0: perms must be an array of strings");
    }

    @Test
    void anEmptyArrayHasNoUsers() throws IOException {
        CredentialStore s = parse("[]");
        assertThat(s.allows(null, Perm.STATUS)).isFalse();
    }

    @Test
    void passwordsNeverShowInText() {
        assertThat(BOB.toString()).contains("bob").doesNotContain("secret1");
    }
}
