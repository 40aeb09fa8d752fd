package io.jrqlite.http;

import io.jrqlite.store.Store;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * {@code POST /boot}: a SQLite file replaces the database of a single-node cluster without going through the log,
 * then a snapshot makes it the Raft state. 400 when the body is not SQLite, 503 for every other failure.
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
        byte[] body = ex.body();
        if (!LoadEndpoint.isSqlite(body)) {
            ex.sendError(HttpResponseStatus.BAD_REQUEST, "invalid SQLite data");
            return;
        }
        CompletableFuture.supplyAsync(() -> {
            try {
                Path file = store.newTempFile("boot-");
                Files.write(file, body);
                return file;
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, worker).thenCompose(file -> store.boot(file).whenComplete((x, t) -> deleteQuietly(file)))
                .whenComplete(StoreReplies.guarded(ex, (x, failure) -> {
                    if (failure == null) {
                        ex.sendStatus(HttpResponseStatus.OK);
                    } else {
                        Throwable t = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        ex.sendError(HttpResponseStatus.SERVICE_UNAVAILABLE, String.valueOf(t.getMessage()));
                    }
                }));
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a start clears leftovers
        }
    }
}
