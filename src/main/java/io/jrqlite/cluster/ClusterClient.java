package io.jrqlite.cluster;

import com.alipay.sofa.jraft.option.RpcOptions;
import com.alipay.sofa.jraft.rpc.RpcClient;
import com.alipay.sofa.jraft.util.Endpoint;
import com.alipay.sofa.jraft.util.RpcFactoryHelper;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Sends internode requests to other nodes' Raft ports. Thread-safe. */
public final class ClusterClient implements AutoCloseable {

    private final RpcClient client;

    public ClusterClient() {
        client = RpcFactoryHelper.rpcFactory().createRpcClient();
        client.init(new RpcOptions());
    }

    /** The reply's payload; fails with the remote error, or when the node cannot be reached in time. */
    public CompletableFuture<byte[]> call(Endpoint to, String kind, byte[] payload, Duration timeout) {
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
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
        return reply;
    }

    @Override
    public void close() {
        client.shutdown();
    }

    /** An error the other node reported. */
    public static final class RemoteException extends RuntimeException {
        public RemoteException(String message) {
            super(message);
        }
    }
}
