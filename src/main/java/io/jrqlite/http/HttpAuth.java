package io.jrqlite.http;

import io.jrqlite.auth.CredentialStore;
import io.jrqlite.auth.Credentials;
import io.jrqlite.auth.Perm;

/** Checks a request's Basic-auth credentials against the {@code -auth} users, and counts the outcomes. */
final class HttpAuth {

    private final CredentialStore users;
    private final HttpCounters counters;

    /** @param users the users file, or null: no authentication, every request allowed */
    HttpAuth(CredentialStore users, HttpCounters counters) {
        this.users = users;
        this.counters = counters;
    }

    boolean enabled() {
        return users != null;
    }

    /** Whether {@code who} (null: no credentials sent) may use the endpoint at {@code path}. */
    boolean permits(String path, Credentials who) {
        if (users == null) {
            return true;
        }
        boolean ok = wouldPermit(path, who);
        (ok ? counters.authOk : counters.authFail).increment();
        return ok;
    }

    /** As {@link #permits}, uncounted: for a look before the request is whole. */
    boolean wouldPermit(String path, Credentials who) {
        if (users == null) {
            return true;
        }
        boolean ok = true;
        for (Perm p : AccessRules.required(path)) {
            ok &= users.allows(who, p);
        }
        return ok;
    }
}
