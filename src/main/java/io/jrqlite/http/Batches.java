package io.jrqlite.http;

import io.jrqlite.command.Batch;
import io.jrqlite.command.Statement;
import java.time.Duration;
import java.util.List;

/** Builds the store's batch from statements and the request's parameters. */
final class Batches {

    private Batches() {
    }

    static Batch of(List<Statement> statements, QueryParams params) {
        Duration dbTimeout = params.duration("db_timeout", Duration.ZERO);
        return Batch.newBuilder()
                .addAllStatements(statements)
                .setTransaction(params.has("transaction"))
                .setDbTimeoutMs(dbTimeout.toMillis())
                .setQualifyColumns(params.has("qualify_columns"))
                .build();
    }
}
