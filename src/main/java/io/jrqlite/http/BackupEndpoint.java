package io.jrqlite.http;

import io.jrqlite.command.BackupFormat;
import io.jrqlite.store.Store;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /db/backup}: the database as a SQLite file ({@code fmt=binary}, the default, or {@code fmt=delete}) or
 * as SQL text ({@code fmt=sql}, with {@code tables=a,b}), gzipped with {@code compress}; streamed from a temporary
 * file so a large database never sits in the heap.
 */
final class BackupEndpoint implements Endpoint {

    private final Store store;
    private final HttpCounters counters;

    BackupEndpoint(Store store, HttpCounters counters) {
        this.store = store;
        this.counters = counters;
    }

    @Override
    public void handle(Exchange ex) {
        if (!ex.method().equals(HttpMethod.GET)) {
            ex.sendStatus(HttpResponseStatus.METHOD_NOT_ALLOWED);
            return;
        }
        if (!ex.params().has("noleader") && LeaderRedirect.sent(ex, store)) {
            return;
        }
        counters.backups.increment();
        QueryParams p = ex.params();
        BackupFormat format = format(p.get("fmt"));
        if (p.has("vacuum") && format != BackupFormat.BINARY) {
            ex.sendError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "invalid backup format");
            return;
        }
        List<String> tables = format == BackupFormat.SQL && p.get("tables") != null && !p.get("tables").isEmpty()
                ? Arrays.stream(p.get("tables").split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList()
                : List.of();
        String type = format == BackupFormat.SQL ? "application/sql" : "application/octet-stream";
        store.backup(format, tables, p.has("compress"), p.has("noleader"), ex.forwarding())
                .whenComplete(StoreReplies.guarded(ex, (backup, failure) -> {
                    if (failure != null) {
                        StoreReplies.sendFileFailure(ex, failure);
                        return;
                    }
                    counters.lastBackup = Instant.now();
                    ex.servedBy(backup.servedBy());
                    ex.sendFile(type, backup.file());
                }));
    }

    /** {@code fmt}, case-insensitive; unknown values mean binary, as in rqlite. */
    static BackupFormat format(String fmt) {
        if (fmt == null) {
            return BackupFormat.BINARY;
        }
        return switch (fmt.toLowerCase(Locale.ROOT)) {
            case "sql" -> BackupFormat.SQL;
            case "delete" -> BackupFormat.DELETE;
            default -> BackupFormat.BINARY;
        };
    }
}
