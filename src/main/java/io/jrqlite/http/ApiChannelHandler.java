package io.jrqlite.http;

import io.jrqlite.auth.BasicAuth;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AttributeKey;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The common front of every request, in rqlite's order: headers, OPTIONS, query-string validation, routing. Large
 * bodies are handed to a worker so that parsing them never holds up an event loop.
 */
@ChannelHandler.Sharable
final class ApiChannelHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(ApiChannelHandler.class);
    private static final int INLINE_BODY_LIMIT = 64 * 1024;
    private static final AttributeKey<ResponseOrder> ORDER = AttributeKey.valueOf("jrqlite.responseOrder");

    private final Router router;
    private final ResponseHeaders headers;
    private final Executor worker;
    private final HttpAuth auth;

    ApiChannelHandler(Router router, ResponseHeaders headers, Executor worker, HttpAuth auth) {
        this.auth = auth;
        this.router = router;
        this.headers = headers;
        this.worker = worker;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        ResponseOrder order = orderOf(ctx);
        long position = order.next();
        if (!request.decoderResult().isSuccess()) {
            Exchange bad = new Exchange(ctx, request, "/", null, headers, order, position);
            bad.sendError(HttpResponseStatus.BAD_REQUEST, "malformed request");
            return;
        }
        if (request.protocolVersion().majorVersion() != 1) { // Go's server refuses any other version so
            new Exchange(ctx, request, "/", null, headers, order, position)
                    .sendError(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "unsupported protocol version");
            return;
        }
        String uri = request.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String rawQuery = q < 0 ? null : uri.substring(q + 1);
        if (request.method().equals(HttpMethod.OPTIONS)) {
            new Exchange(ctx, request, path, null, headers, order, position).sendStatus(HttpResponseStatus.OK);
            return;
        }
        QueryParams params;
        try {
            params = QueryParams.parse(rawQuery);
        } catch (BadRequestException e) {
            new Exchange(ctx, request, path, null, headers, order, position)
                    .sendError(HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        Endpoint endpoint = router.route(path);
        if (endpoint == null) {
            new Exchange(ctx, request, path, null, headers, order, position).sendStatus(HttpResponseStatus.NOT_FOUND);
            return;
        }
        // rqlite checks permissions before the method, so a wrong method without credentials is a 401.
        if (!auth.permits(path, BasicAuth.parse(request.headers().get(HttpHeaderNames.AUTHORIZATION)))) {
            exchange(endpoint, ctx, request, path, params, order, position).sendStatus(HttpResponseStatus.UNAUTHORIZED);
            return;
        }
        if (request.content().readableBytes() <= INLINE_BODY_LIMIT) {
            handleSafely(endpoint, exchange(endpoint, ctx, request, path, params, order, position));
            return;
        }
        // Large bodies are copied and parsed by the few worker threads, so the heap holds only that many at once.
        request.retain();
        worker.execute(() -> {
            try {
                handleSafely(endpoint, exchange(endpoint, ctx, request, path, params, order, position));
            } finally {
                request.release();
            }
        });
    }

    /** The exchange for an endpoint's request (it copies the body), with the endpoint's reply Content-Type. */
    private Exchange exchange(Endpoint endpoint, ChannelHandlerContext ctx, FullHttpRequest request, String path,
            QueryParams params, ResponseOrder order, long position) {
        Exchange ex = new Exchange(ctx, request, path, params, headers, order, position);
        if (endpoint.replyContentType() != null) {
            ex.useContentType(endpoint.replyContentType());
        }
        return ex;
    }

    private static ResponseOrder orderOf(ChannelHandlerContext ctx) {
        ResponseOrder order = ctx.channel().attr(ORDER).get();
        if (order == null) { // one event loop per channel: no race here
            order = new ResponseOrder();
            ctx.channel().attr(ORDER).set(order);
        }
        return order;
    }

    private static void handleSafely(Endpoint endpoint, Exchange exchange) {
        try {
            endpoint.handle(exchange);
        } catch (RuntimeException | OutOfMemoryError e) {
            LOG.error("{} {} failed", exchange.method(), exchange.path(), e);
            exchange.sendError(HttpResponseStatus.INTERNAL_SERVER_ERROR, String.valueOf(e.getMessage()));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("connection error: {}", cause.toString());
        ctx.close();
    }
}
