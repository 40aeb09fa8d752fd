package io.jrqlite.cluster;

import com.alipay.sofa.jraft.option.RpcOptions;
import com.alipay.sofa.jraft.rpc.RpcClient;
import com.alipay.sofa.jraft.util.Endpoint;
import com.alipay.sofa.jraft.util.RpcFactoryHelper;
import com.google.protobuf.ByteString;
import io.jrqlite.auth.Credentials;
import io.jrqlite.command.CredentialedRequest;
import io.jrqlite.command.UserCredentials;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Sends internode requests to other nodes' Raft ports. Thread-safe. */
public final class ClusterClient implements AutoCloseable {

    private final RpcClient client;
    /**
     * Bolt connects synchronously (up to a second, longer when packets are dropped) when it has no connection to the
     * node yet: that happens here, never on the caller's thread, which may be an event loop or a timer.
     */
    private final ExecutorService connector = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "jrqlite-cluster-connect");
        t.setDaemon(true);
        return t;
    });

    public ClusterClient() {
        client = RpcFactoryHelper.rpcFactory().createRpcClient();
        client.init(new RpcOptions());
    }

    /** The reply's payload; fails with the remote error, or when the node cannot be reached in time. Never blocks. */
    public CompletableFuture<byte[]> call(Endpoint to, String kind, byte[] payload, Duration timeout) {
        return call(to, kind, payload, timeout, null);
    }

    /** As {@link #call(Endpoint, String, byte[], Duration)}, on behalf of a user (null: anonymous). */
    public CompletableFuture<byte[]> call(Endpoint to, String kind, byte[] request, Duration timeout,
            Credentials credentials) {
        byte[] payload = wrap(request, credentials);
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        if (client.checkConnection(to, false)) {
            invoke(to, kind, payload, timeout, reply);
        } else {
            try {
                connector.execute(() -> invoke(to, kind, payload, timeout, reply));
            } catch (java.util.concurrent.RejectedExecutionException e) { // closed
                reply.completeExceptionally(e);
            }
        }
        return reply;
    }

    private void invoke(Endpoint to, String kind, byte[] payload, Duration timeout, CompletableFuture<byte[]> reply) {
        try {
            client.invokeAsync(to, new Envelope(kind, payload), (result, err) -> {
                if (err != null) {
                    reply.completeExceptionally(err);
                } else if (!(result instanceof Envelope e)) {
                    reply.completeExceptionally(new IllegalStateException("unexpected reply " + result));
                } else if (e.error != null) {
                    reply.completeExceptionally(new RemoteException(e.error));
                } else {
                    reply.complete(e.payload);
                }
            }, Math.max(1, timeout.toMillis()));
        } catch (Exception e) {
            reply.completeExceptionally(e);
        }
    }

    private static byte[] wrap(byte[] request, Credentials credentials) {
        CredentialedRequest.Builder b = CredentialedRequest.newBuilder().setRequest(ByteString.copyFrom(request));
        if (credentials != null) {
            b.setCredentials(UserCredentials.newBuilder().setUsername(credentials.username())
                    .setPassword(credentials.password()));
        }
        return b.build().toByteArray();
    }

    @Override
    public void close() {
        connector.shutdownNow();
        client.shutdown();
    }

    /** An error the other node reported. */
    public static final class RemoteException extends RuntimeException {
        public RemoteException(String message) {
            super(message);
        }
    }
}
