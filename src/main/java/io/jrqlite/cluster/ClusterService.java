package io.jrqlite.cluster;

import com.alipay.sofa.jraft.rpc.RpcContext;
import com.alipay.sofa.jraft.rpc.RpcProcessor;
import com.alipay.sofa.jraft.rpc.RpcServer;
import io.jrqlite.auth.Credentials;
import io.jrqlite.command.CredentialedRequest;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers internode requests on the Raft port: one handler per kind, each replying when its future completes. */
public final class ClusterService implements RpcProcessor<Envelope> {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterService.class);

    /** What a node answers a request whose user lacks the permission: rqlite's word, mapped to HTTP 401. */
    public static final String UNAUTHORIZED = "unauthorized";

    private final Map<String, Handler> handlers;
    private final Gate gate;

    /** Answers one kind of request; a payload it cannot decode may throw. */
    @FunctionalInterface
    public interface Handler {
        CompletableFuture<byte[]> handle(byte[] payload) throws Exception;
    }

    /** Decides whether the user a request comes from (null: anonymous) may make it. */
    @FunctionalInterface
    public interface Gate {
        boolean allows(String kind, byte[] request, Credentials credentials);
    }

    public ClusterService(Map<String, Handler> handlers, Gate gate) {
        this.handlers = Map.copyOf(handlers);
        this.gate = gate;
    }

    public void register(RpcServer server) {
        server.registerProcessor(this);
    }

    @Override
    public void handleRequest(RpcContext ctx, Envelope request) {
        var handler = handlers.get(request.kind);
        if (handler == null) {
            ctx.sendResponse(Envelope.failure("unknown request " + request.kind));
            return;
        }
        CompletableFuture<byte[]> reply;
        try {
            CredentialedRequest r = CredentialedRequest.parseFrom(request.payload);
            Credentials who = r.hasCredentials()
                    ? new Credentials(r.getCredentials().getUsername(), r.getCredentials().getPassword()) : null;
            byte[] payload = r.getRequest().toByteArray();
            reply = gate.allows(request.kind, payload, who) ? handler.handle(payload)
                    : CompletableFuture.failedFuture(new IllegalStateException(UNAUTHORIZED));
        } catch (Exception e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete((bytes, failure) -> {
            if (failure != null) {
                Throwable t = failure.getCause() != null && failure instanceof java.util.concurrent.CompletionException
                        ? failure.getCause() : failure;
                LOG.debug("{} request failed: {}", request.kind, t.toString());
                ctx.sendResponse(Envelope.failure(String.valueOf(t.getMessage())));
            } else {
                ctx.sendResponse(new Envelope("reply", bytes));
            }
        });
    }

    @Override
    public String interest() {
        return Envelope.class.getName();
    }
}
