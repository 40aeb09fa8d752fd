package io.jrqlite.store;

import io.jrqlite.auth.Credentials;
import java.time.Duration;

/**
 * How a request that needs the leader travels from a follower: how long each call to the leader may take, how
 * many more times a call that could not reach the leader is tried (one retry is always made), and on whose behalf.
 *
 * @param timeout     bound on each call to the leader (rqlite's {@code timeout} parameter, 30 s by default)
 * @param retries     rqlite's {@code retries} parameter
 * @param credentials the client's Basic-auth credentials, passed on for the leader to check; null: none
 */
public record Forwarding(Duration timeout, int retries, Credentials credentials) {

    public static final Forwarding DEFAULT = new Forwarding(Duration.ofSeconds(30), 0);

    public Forwarding(Duration timeout, int retries) {
        this(timeout, retries, null);
    }

    public Forwarding withCredentials(Credentials c) {
        return new Forwarding(timeout, retries, c);
    }
}
