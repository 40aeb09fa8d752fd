package io.jrqlite.cluster;

import com.alipay.remoting.ExtendedNettyChannelHandler;
import io.jrqlite.logging.RepeatLimiter;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handlers Bolt puts in front of its codec on each Raft-port connection (Bolt's "extended" handlers), so that
 * every byte between nodes goes through our {@link NodeTls} rather than Bolt's own TLS, which takes a key store file
 * and checks no names. Bolt asks for new handlers for every connection.
 */
final class NodeTlsPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(NodeTls.class);
    /** A peer that keeps failing would be a line per retry; one a minute per peer and reason says it. */
    private static final RepeatLimiter REPEATS = new RepeatLimiter(60_000, 256);

    private NodeTlsPipeline() {
    }

    /** For the Raft port's server. */
    static ExtendedNettyChannelHandler accepting(NodeTls tls) {
        return frontOnly(() -> List.of(new AcceptTls(tls), new HandshakeOutcome(true)));
    }

    /** For every Bolt client: jraft's replicators and ours. */
    static ExtendedNettyChannelHandler dialling(NodeTls tls) {
        return frontOnly(() -> List.of(new DialTls(tls), new HandshakeOutcome(false)));
    }

    private static ExtendedNettyChannelHandler frontOnly(java.util.function.Supplier<List<ChannelHandler>> front) {
        return new ExtendedNettyChannelHandler() {
            @Override
            public List<ChannelHandler> frontChannelHandlers() {
                return front.get();
            }

            @Override
            public List<ChannelHandler> backChannelHandlers() {
                return List.of();
            }
        };
    }

    /** Becomes the TLS server end as soon as it is in the pipeline. */
    private static final class AcceptTls extends ChannelInboundHandlerAdapter {
        private final NodeTls tls;

        AcceptTls(NodeTls tls) {
            this.tls = tls;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ctx.pipeline().replace(this, "nodeTls", tls.accepting(ctx.alloc()));
        }
    }

    /** Becomes the TLS client end when the connection is dialled: the name to check is the dialled host's. */
    private static final class DialTls extends ChannelOutboundHandlerAdapter {
        private final NodeTls tls;

        DialTls(NodeTls tls) {
            this.tls = tls;
        }

        @Override
        public void connect(ChannelHandlerContext ctx, SocketAddress remote, SocketAddress local,
                ChannelPromise promise) {
            ctx.pipeline().addAfter(ctx.name(), "nodeTls", tls.dialling(ctx.alloc(), (InetSocketAddress) remote));
            ctx.connect(remote, local, promise);
            ctx.pipeline().remove(this);
        }
    }

    /** Logs a failed handshake as one line, and keeps its exception from reaching Bolt, which would log it again. */
    private static final class HandshakeOutcome extends ChannelInboundHandlerAdapter {
        private final boolean accepted;

        HandshakeOutcome(boolean accepted) {
            this.accepted = accepted;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
                log(ctx, done.cause());
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
            if (cause instanceof DecoderException && cause.getCause() instanceof SSLException) {
                ctx.close();
                return;
            }
            super.exceptionCaught(ctx, cause);
        }

        private void log(ChannelHandlerContext ctx, Throwable cause) {
            SocketAddress address = ctx.channel().remoteAddress();
            String host = address instanceof InetSocketAddress inet ? inet.getHostString() : String.valueOf(address);
            String peer = address instanceof InetSocketAddress inet ? host + ":" + inet.getPort() : host;
            String reason = cause instanceof NotSslRecordException ? "not TLS (a node without -node-cert?)"
                    : String.valueOf(cause.getMessage());
            if (!REPEATS.allow((accepted ? "from " + host : "to " + peer) + reason, System.currentTimeMillis())) {
                return;
            }
            if (accepted) { // INFO, as the API's: anyone can knock, and the join's HTTP probe does
                LOG.info("node TLS handshake error from {}: {}", peer, reason);
            } else {
                LOG.warn("node TLS handshake with {} failed: {}", peer, reason);
            }
        }
    }
}
