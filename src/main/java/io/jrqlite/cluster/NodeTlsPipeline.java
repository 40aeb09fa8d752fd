package io.jrqlite.cluster;

import com.alipay.remoting.ExtendedNettyChannelHandler;
import io.jrqlite.logging.RepeatLimiter;
import io.netty.buffer.ByteBufAllocator;
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
import java.util.function.Supplier;
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
        return frontOnly(() -> List.of(tls.accepting(ByteBufAllocator.DEFAULT), new HandshakeOutcome(true)));
    }

    /** For every Bolt client: jraft's replicators and ours. */
    static ExtendedNettyChannelHandler dialling(NodeTls tls) {
        return frontOnly(() -> List.of(new DialTls(tls), new HandshakeOutcome(false)));
    }

    private static ExtendedNettyChannelHandler frontOnly(Supplier<List<ChannelHandler>> front) {
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

    /**
     * Logs a failed handshake as one line, and a TLS error after it (with TLS 1.3 a server refuses the client's
     * certificate only after the client finished its handshake), then closes the connection.
     */
    private static final class HandshakeOutcome extends ChannelInboundHandlerAdapter {
        private final boolean accepted;
        private boolean handshaken;

        HandshakeOutcome(boolean accepted) {
            this.accepted = accepted;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof SslHandshakeCompletionEvent done) {
                if (done.isSuccess()) {
                    handshaken = true;
                } else {
                    log(ctx, done.cause(), accepted ? "node TLS handshake error from {}: {}"
                            : "node TLS handshake with {} failed: {}");
                }
            }
            super.userEventTriggered(ctx, evt);
        }

        /** Bolt's handler would log the same exception again, with less context. */
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
            if (cause instanceof DecoderException && cause.getCause() instanceof SSLException tls) {
                if (handshaken) { // a failed handshake was logged with its completion event
                    log(ctx, tls, accepted ? "node TLS connection from {} refused: {}"
                            : "node TLS connection to {} refused: {}");
                }
                ctx.close();
                return;
            }
            super.exceptionCaught(ctx, cause);
        }

        private void log(ChannelHandlerContext ctx, Throwable cause, String format) {
            SocketAddress address = ctx.channel().remoteAddress();
            String host = address instanceof InetSocketAddress inet ? inet.getHostString() : String.valueOf(address);
            String peer = address instanceof InetSocketAddress inet ? host + ":" + inet.getPort() : host;
            String reason = cause instanceof NotSslRecordException
                    ? "not TLS (plain TCP: a node without -node-cert, or a joining node's address probe)"
                    : String.valueOf(cause.getMessage());
            if (!REPEATS.allow((accepted ? host : peer) + format + reason, System.currentTimeMillis())) {
                return;
            }
            if (accepted) { // INFO, as the API's: anyone can knock, and a joining node's probe does
                LOG.info(format, peer, reason);
            } else {
                LOG.warn(format, peer, reason);
            }
        }
    }
}
