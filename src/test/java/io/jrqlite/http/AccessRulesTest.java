package io.jrqlite.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.jrqlite.auth.Perm;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessRulesTest {

    @Test
    void rqlitesTable() {
        assertThat(AccessRules.required("/")).isEmpty();
        assertThat(AccessRules.required("/db/execute")).containsExactly(Perm.EXECUTE);
        assertThat(AccessRules.required("/db/query")).containsExactly(Perm.QUERY);
        assertThat(AccessRules.required("/db/sql")).containsExactly(Perm.QUERY);
        assertThat(AccessRules.required("/db/request")).containsExactlyInAnyOrder(Perm.QUERY, Perm.EXECUTE);
        assertThat(AccessRules.required("/db/backup")).containsExactly(Perm.BACKUP);
        assertThat(AccessRules.required("/db/load")).containsExactly(Perm.LOAD);
        assertThat(AccessRules.required("/boot")).containsExactly(Perm.LOAD);
        assertThat(AccessRules.required("/snapshot")).containsExactly(Perm.SNAPSHOT);
        assertThat(AccessRules.required("/reap")).containsExactly(Perm.SNAPSHOT);
        assertThat(AccessRules.required("/remove")).containsExactly(Perm.REMOVE);
        for (String p : List.of("/status", "/nodes", "/debug/vars", "/debug/pprof/cmdline", "/licenses")) {
            assertThat(AccessRules.required(p)).as(p).containsExactly(Perm.STATUS);
        }
        assertThat(AccessRules.required("/leader")).containsExactly(Perm.LEADER_OPS);
        assertThat(AccessRules.required("/readyz")).containsExactly(Perm.READY);
        assertThat(AccessRules.required("/console/index.html")).containsExactly(Perm.UI);
    }

    @Test
    void remoteRefusalsUseRqlitesWords() {
        assertThat(AccessRules.remoteRefusal("/db/execute")).isEqualTo("remote Execute not authorized");
        assertThat(AccessRules.remoteRefusal("/db/query")).isEqualTo("remote query not authorized");
        assertThat(AccessRules.remoteRefusal("/db/request")).isEqualTo("remote Request not authorized");
        assertThat(AccessRules.remoteRefusal("/db/backup")).isEqualTo("remote backup not authorized");
        assertThat(AccessRules.remoteRefusal("/db/load")).isEqualTo("remote load not authorized");
        assertThat(AccessRules.remoteRefusal("/remove")).isEqualTo("remote remove node not authorized");
        assertThat(AccessRules.remoteRefusal("/leader")).isEqualTo("remote stepdown not authorized");
    }
}
