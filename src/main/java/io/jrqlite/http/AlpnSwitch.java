package io.jrqlite.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.NotSslRecordException;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After the TLS handshake, sets up the protocol ALPN chose. HTTP/2 gets one child channel per stream, each turned
 * back into HTTP/1 objects so that the same API handlers serve both.
 */
final class AlpnSwitch extends ApplicationProtocolNegotiationHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AlpnSwitch.class);

    private final Consumer<ChannelPipeline> http1;
    private final Consumer<ChannelPipeline> api;

    /**
     * @param http1 adds the HTTP/1 codec and the API handlers
     * @param api   adds the API handlers alone (behind a codec already in place)
     */
    AlpnSwitch(Consumer<ChannelPipeline> http1, Consumer<ChannelPipeline> api) {
        super(ApplicationProtocolNames.HTTP_1_1);
        this.http1 = http1;
        this.api = api;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            ctx.pipeline().addLast(Http2FrameCodecBuilder.forServer().build(),
                    new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                        @Override
                        protected void initChannel(Http2StreamChannel stream) {
                            stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true), new RawToContent());
                            api.accept(stream.pipeline());
                        }
                    }), new ConnectionErrors());
        } else {
            http1.accept(ctx.pipeline());
        }
    }

    /** A refused handshake (no or wrong client certificate, old TLS, plain HTTP) is one log line, as in rqlite. */
    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
        String reason = cause instanceof NotSslRecordException ? "not TLS (plain HTTP?)" : cause.getMessage();
        LOG.info("TLS handshake error from {}: {}", ctx.channel().remoteAddress(), reason);
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException && cause.getCause() instanceof SSLException tls) {
            handshakeFailure(ctx, tls);
            return;
        }
        LOG.debug("connection error before ALPN: {}", cause.toString());
        ctx.close();
    }

    /** The end of an HTTP/2 connection's pipeline: a reset connection is closed quietly. */
    private static final class ConnectionErrors extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("HTTP/2 connection error: {}", cause.toString());
            ctx.close();
        }
    }

    /** Backups are written as file chunks (bare buffers), which the HTTP/2 stream codec takes only as content. */
    private static final class RawToContent extends ChannelOutboundHandlerAdapter {
        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ctx.write(msg instanceof ByteBuf buf ? new DefaultHttpContent(buf) : msg, promise);
        }
    }
}
