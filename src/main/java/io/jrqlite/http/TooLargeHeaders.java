package io.jrqlite.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Netty's aggregator answers an oversized body with its own 413, which never passes through an {@link Exchange}:
 * this adds the headers every response carries to it on the way out.
 */
@ChannelHandler.Sharable
final class TooLargeHeaders extends ChannelOutboundHandlerAdapter {

    private final ResponseHeaders headers;

    TooLargeHeaders(ResponseHeaders headers) {
        this.headers = headers;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse r && r.status().code() == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code()) {
            headers.apply(r.headers(), false, null);
        }
        super.write(ctx, msg, promise);
    }
}
