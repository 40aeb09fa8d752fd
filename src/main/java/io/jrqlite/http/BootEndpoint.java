package io.jrqlite.http;

import io.jrqlite.store.Store;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * {@code POST /boot}: a SQLite file replaces the database of a single-node cluster without going through the log,
 * then a snapshot makes it the Raft state. The body arrives as a file (see {@link UploadSpooler}). 400 when it is
 * not SQLite, 503 for every other failure.
 */
final class BootEndpoint implements Endpoint {

    private final Store store;
    private final Executor worker;

    BootEndpoint(Store store, Executor worker) {
        this.store = store;
        this.worker = worker;
    }

    @Override
    public void handle(Exchange ex) {
        if (!ex.method().equals(HttpMethod.POST)) {
            ex.sendStatus(HttpResponseStatus.METHOD_NOT_ALLOWED);
            return;
        }
        if (ex.bodyFailure() != null) {
            ex.sendError(HttpResponseStatus.SERVICE_UNAVAILABLE, ex.bodyFailure().getMessage());
            return;
        }
        CompletableFuture.supplyAsync(() -> {
            try {
                Path file = LoadEndpoint.bodyAsFile(ex, store, "boot-");
                if (java.nio.file.Files.size(file) < 32) {
                    throw new IOException("EOF"); // rqlite's reader fails before it can judge the header
                }
                return LoadEndpoint.isSqlite(file) ? file : null;
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, worker).thenCompose(file -> file == null ? CompletableFuture.completedFuture(false)
                : store.boot(file).thenApply(x -> true))
                .whenComplete(StoreReplies.guarded(ex, (booted, failure) -> {
                    if (failure != null) {
                        Throwable t = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        ex.sendError(HttpResponseStatus.SERVICE_UNAVAILABLE, String.valueOf(t.getMessage()));
                    } else if (!booted) {
                        ex.sendError(HttpResponseStatus.BAD_REQUEST, "invalid SQLite data");
                    } else {
                        ex.sendStatus(HttpResponseStatus.OK);
                    }
                }));
    }
}
