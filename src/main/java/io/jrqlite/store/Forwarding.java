package io.jrqlite.store;

import java.time.Duration;

/**
 * How a request that needs the leader travels from a follower: how long each call to the leader may take, and how
 * many more times a call that could not reach the leader is tried (one retry is always made).
 *
 * @param timeout bound on each call to the leader (rqlite's {@code timeout} parameter, 30 s by default)
 * @param retries rqlite's {@code retries} parameter
 */
public record Forwarding(Duration timeout, int retries) {

    public static final Forwarding DEFAULT = new Forwarding(Duration.ofSeconds(30), 0);
}
