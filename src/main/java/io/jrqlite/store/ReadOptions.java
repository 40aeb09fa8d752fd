package io.jrqlite.store;

import java.time.Duration;

/**
 * How a read is to be served.
 *
 * @param level                consistency level
 * @param freshness            for {@link ReadLevel#NONE} on a follower: the maximum age of the last leader contact
 *                             ({@link Duration#ZERO} = unchecked)
 * @param freshnessStrict      also refuse when behind and the last applied entry is older than {@code freshness}
 * @param linearizableTimeout  how long a linearizable read may wait for the state machine
 */
public record ReadOptions(ReadLevel level, Duration freshness, boolean freshnessStrict, Duration linearizableTimeout) {
}
