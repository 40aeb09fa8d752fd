package io.jrqlite.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrqlite.auth.ClusterAuth;
import io.jrqlite.auth.CredentialStore;
import io.jrqlite.auth.Credentials;
import io.jrqlite.command.ForwardRequest;
import io.jrqlite.command.JoinRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterAccessTest {

    @TempDir
    Path dir;

    private ClusterAccess access(String json) throws Exception {
        Path f = dir.resolve("auth.json");
        Files.writeString(f, json);
        return new ClusterAccess(new ClusterAuth(CredentialStore.load(f), null));
    }

    private static Credentials user(String name) {
        return new Credentials(name, "pw");
    }

    private static byte[] forward(String op) {
        return ForwardRequest.newBuilder().setOp(op).build().toByteArray();
    }

    private static byte[] join(boolean voter) {
        return JoinRequest.newBuilder().setId("n2").setRaftAddress("127.0.0.1:1").setVoter(voter).build()
                .toByteArray();
    }

    @Test
    void eachRequestNeedsItsPermission() throws Exception {
        ClusterAccess a = access("["
                + "{\"username\":\"ex\",\"password\":\"pw\",\"perms\":[\"execute\"]},"
                + "{\"username\":\"qu\",\"password\":\"pw\",\"perms\":[\"query\"]},"
                + "{\"username\":\"both\",\"password\":\"pw\",\"perms\":[\"query\",\"execute\"]},"
                + "{\"username\":\"ld\",\"password\":\"pw\",\"perms\":[\"load\"]},"
                + "{\"username\":\"bk\",\"password\":\"pw\",\"perms\":[\"backup\"]},"
                + "{\"username\":\"rm\",\"password\":\"pw\",\"perms\":[\"remove\"]},"
                + "{\"username\":\"lo\",\"password\":\"pw\",\"perms\":[\"leader-ops\"]},"
                + "{\"username\":\"jn\",\"password\":\"pw\",\"perms\":[\"join\"]},"
                + "{\"username\":\"ro\",\"password\":\"pw\",\"perms\":[\"join-read-only\"]},"
                + "{\"username\":\"rr\",\"password\":\"pw\",\"perms\":[\"join-read-replica\"]},"
                + "{\"username\":\"admin\",\"password\":\"pw\",\"perms\":[\"all\"]}]");
        assertThat(a.allows("forward", forward("execute"), user("ex"))).isTrue();
        assertThat(a.allows("forward", forward("execute"), user("qu"))).isFalse();
        assertThat(a.allows("forward", forward("query"), user("qu"))).isTrue();
        assertThat(a.allows("forward", forward("query"), user("ex"))).isFalse();
        assertThat(a.allows("forward", forward("request"), user("both"))).isTrue();
        assertThat(a.allows("forward", forward("request"), user("qu"))).isFalse();
        assertThat(a.allows("forward", forward("request"), user("ex"))).isFalse();
        assertThat(a.allows("forward", forward("entry"), user("ld"))).isTrue();
        assertThat(a.allows("forward", forward("entry"), user("ex"))).isFalse();
        assertThat(a.allows("backup", new byte[0], user("bk"))).isTrue();
        assertThat(a.allows("backup-piece", new byte[0], user("bk"))).isTrue();
        assertThat(a.allows("backup", new byte[0], user("qu"))).isFalse();
        assertThat(a.allows("remove", new byte[0], user("rm"))).isTrue();
        assertThat(a.allows("remove", new byte[0], user("jn"))).isFalse();
        assertThat(a.allows("stepdown", new byte[0], user("lo"))).isTrue();
        assertThat(a.allows("stepdown", new byte[0], user("rm"))).isFalse();
        assertThat(a.allows("notify", new byte[0], user("jn"))).isTrue();
        assertThat(a.allows("notify", new byte[0], user("ro"))).isFalse();
        // Voters need join; read replicas need join-read-only (or its alias): join alone is not enough.
        assertThat(a.allows("join", join(true), user("jn"))).isTrue();
        assertThat(a.allows("join", join(true), user("ro"))).isFalse();
        assertThat(a.allows("join", join(false), user("jn"))).isFalse();
        assertThat(a.allows("join", join(false), user("ro"))).isTrue();
        assertThat(a.allows("join", join(false), user("rr"))).isTrue();
        for (String kind : new String[] {"join", "notify", "remove", "stepdown", "backup"}) {
            assertThat(a.allows(kind, join(false), user("admin"))).as(kind).isTrue();
            assertThat(a.allows(kind, join(true), null)).as(kind).isFalse();
        }
        assertThat(a.allows("forward", forward("execute"), new Credentials("ex", "wrong"))).isFalse();
        // Node metadata and the leader's notice to a removed node need no credentials.
        assertThat(a.allows("meta", new byte[0], null)).isTrue();
        assertThat(a.allows("removed", new byte[0], null)).isTrue();
    }

    @Test
    void withoutAUsersFileEverythingIsAllowed() {
        ClusterAccess a = new ClusterAccess(ClusterAuth.NONE);
        assertThat(a.allows("join", join(false), null)).isTrue();
        assertThat(a.allows("forward", forward("execute"), null)).isTrue();
    }
}
