package io.jrqlite.http;

import io.jrqlite.store.Store;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** {@code /readyz}: rqlite's plain-text readiness probe. */
final class ReadyzEndpoint implements Endpoint {

    private final Store store;
    private final Executor worker;

    ReadyzEndpoint(Store store, Executor worker) {
        this.store = store;
        this.worker = worker;
    }

    @Override
    public void handle(Exchange ex) {
        if (!ex.method().equals(HttpMethod.GET)) {
            ex.sendStatus(HttpResponseStatus.METHOD_NOT_ALLOWED);
            return;
        }
        if (ex.params().has("noleader")) {
            reply(ex, HttpResponseStatus.OK, "[+]node ok");
            return;
        }
        if (store.leader().isEmpty()) {
            reply(ex, HttpResponseStatus.SERVICE_UNAVAILABLE, "[+]node ok\n[+]leader does not exist");
            return;
        }
        StringBuilder ok = new StringBuilder("[+]node ok\n[+]leader ok");
        if (!store.isReady()) {
            reply(ex, HttpResponseStatus.SERVICE_UNAVAILABLE, ok + "\n[+]store not ready");
            return;
        }
        ok.append("\n[+]store ok");
        CompletableFuture<Void> synced = CompletableFuture.completedFuture(null);
        if (ex.params().has("sync")) {
            Duration timeout = ex.params().duration("timeout", Duration.ofSeconds(30));
            synced = waitForSync(timeout);
        }
        synced.whenComplete(StoreReplies.guarded(ex, (v, t) -> {
            if (t != null) {
                reply(ex, HttpResponseStatus.SERVICE_UNAVAILABLE, ok + "\n[+]sync " + t.getMessage());
                return;
            }
            if (ex.params().has("sync")) {
                ok.append("\n[+]sync ok");
            }
            CompletableFuture.supplyAsync(store::ping, worker).whenComplete(StoreReplies.guarded(ex, (alive, e) -> {
                if (e == null && alive) {
                    reply(ex, HttpResponseStatus.OK, ok + "\n[+]db ok");
                } else {
                    reply(ex, HttpResponseStatus.SERVICE_UNAVAILABLE,
                            ok + "\n[+]db not ok: (" + (e == null ? "ping failed" : e.getMessage()) + ")");
                }
            }));
        }));
    }

    /** Waits until this node has applied what the leader had committed when the probe arrived. */
    private CompletableFuture<Void> waitForSync(Duration timeout) {
        long target = store.commitIndex();
        CompletableFuture<Void> done = new CompletableFuture<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        Runnable check = new Runnable() {
            @Override
            public void run() {
                if (store.appliedIndex() >= target) {
                    done.complete(null);
                } else if (System.nanoTime() > deadline) {
                    done.completeExceptionally(new IllegalStateException("timeout waiting for sync"));
                } else {
                    CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS, worker).execute(this);
                }
            }
        };
        check.run();
        return done;
    }

    private static void reply(Exchange ex, HttpResponseStatus status, String text) {
        ex.send(status, Exchange.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }
}
