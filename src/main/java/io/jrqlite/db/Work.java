package io.jrqlite.db;

import io.jrqlite.command.Batch;
import java.util.Objects;

/** One request of a group handed to {@link Database#applyGroup}: what kind of request, and its statements. */
public record Work(Kind kind, Batch batch) {

    /** Which {@link Database} method the request would go to on its own. */
    public enum Kind { EXECUTE, QUERY, REQUEST }

    public Work {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(batch, "batch");
    }

    public static Work execute(Batch batch) {
        return new Work(Kind.EXECUTE, batch);
    }

    public static Work query(Batch batch) {
        return new Work(Kind.QUERY, batch);
    }

    public static Work request(Batch batch) {
        return new Work(Kind.REQUEST, batch);
    }
}
