package io.jrqlite.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.stream.ChunkedNioFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One HTTP request and its single response. The response may be sent from any thread; the request body is copied
 * out of Netty's buffer up front so handlers can finish asynchronously.
 */
final class Exchange {

    static final String JSON = "application/json; charset=utf-8";
    static final String TEXT = "text/plain; charset=utf-8";

    private final ChannelHandlerContext ctx;
    private final HttpMethod method;
    private final String path;
    private final String uri;
    private final QueryParams params;
    /** The client's Basic-auth credentials, or null. */
    private final io.jrqlite.auth.Credentials credentials;
    private final byte[] body;
    private final SpooledRequest spooled;
    private volatile Runnable onReply;
    private final String contentType;
    private final boolean keepAlive;
    private final ResponseHeaders headers;
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean responded = new AtomicBoolean();
    private final ResponseOrder order;
    private final long position;
    private String responseContentType;
    private volatile String forwardedTo;

    /**
     * @param position this request's place in its connection's reply order (see {@link ResponseOrder})
     */
    Exchange(ChannelHandlerContext ctx, FullHttpRequest request, String path, QueryParams params,
            ResponseHeaders headers, ResponseOrder order, long position) {
        this.ctx = ctx;
        this.order = order;
        this.position = position;
        this.method = request.method();
        this.path = path;
        this.uri = request.uri();
        this.params = params;
        this.credentials = io.jrqlite.auth.BasicAuth.parse(request.headers().get(HttpHeaderNames.AUTHORIZATION));
        this.body = ByteBufUtil.getBytes(request.content());
        this.spooled = request instanceof SpooledRequest s ? s : null;
        this.contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        this.keepAlive = HttpUtil.isKeepAlive(request);
        this.headers = headers;
    }

    /** The connection's event loop: where results are rendered, so the Raft apply thread only applies. */
    java.util.concurrent.Executor eventLoop() {
        return ctx.executor();
    }

    HttpMethod method() {
        return method;
    }

    String path() {
        return path;
    }

    /** The request's path and raw query string, as sent. */
    String uri() {
        return uri;
    }

    QueryParams params() {
        return params;
    }

    /** How a follower forwards this request: the query's timeout and retries, and the client's credentials. */
    io.jrqlite.store.Forwarding forwarding() {
        return params.forwarding().withCredentials(credentials);
    }

    byte[] body() {
        return body;
    }

    /** The body written to a file as it arrived, or null (see {@link UploadSpooler}); deleted once replied to. */
    Path bodyFile() {
        return spooled == null ? null : spooled.bodyFile();
    }

    /** Why a spooled body could not be stored, or null. */
    IOException bodyFailure() {
        return spooled == null ? null : spooled.failure();
    }

    /** Runs {@code action} when the reply goes out (or is abandoned because one was already sent). */
    void onReply(Runnable action) {
        onReply = action;
    }

    private void releaseBodyFile() {
        if (spooled != null && spooled.rawFile() != null) {
            deleteQuietly(spooled.rawFile());
        }
        Runnable action = onReply;
        if (action != null) {
            action.run();
        }
    }

    String contentType() {
        return contentType;
    }

    /** Seconds since the request arrived. */
    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Sets the Content-Type that every later reply of this exchange carries (rqlite sets it before checks). */
    void useContentType(String type) {
        this.responseContentType = type;
    }

    /** The request was served by the leader at this Raft address (empty: here), as the reply's headers say. */
    void servedBy(String leaderRaftAddress) {
        this.forwardedTo = leaderRaftAddress == null || leaderRaftAddress.isEmpty() ? null : leaderRaftAddress;
    }

    void sendJson(byte[] json) {
        send(HttpResponseStatus.OK, JSON, json);
    }

    /** rqlite's generic error path: plain text, the message and a newline. */
    void sendError(HttpResponseStatus status, String message) {
        send(status, TEXT, (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** A status with an empty body (401, 404, 405, 204...). */
    void sendStatus(HttpResponseStatus status) {
        send(status, responseContentType, new byte[0]);
    }

    /**
     * Streams {@code file} as a 200 reply (never whole in memory) and deletes it once written or when the reply
     * cannot be sent.
     */
    void sendFile(String type, Path file) {
        if (!responded.compareAndSet(false, true)) {
            deleteQuietly(file);
            return;
        }
        releaseBodyFile();
        ChunkedNioFile body;
        long length;
        try {
            length = Files.size(file);
            body = new ChunkedNioFile(FileChannel.open(file, StandardOpenOption.READ), 64 * 1024);
        } catch (IOException e) {
            deleteQuietly(file);
            responded.set(false);
            sendError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "backup unreadable: " + e.getMessage());
            return;
        }
        DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        headers.apply(head.headers(), params != null && isDatabasePath(), forwardedTo);
        HttpUtil.setContentLength(head, length);
        if (keepAlive) {
            head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        order.complete(position, () -> {
            ctx.write(head);
            ctx.write(body);
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> {
                deleteQuietly(file);
                if (!keepAlive) {
                    ctx.close();
                }
            });
        });
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover temporary file is cleared at the next start
        }
    }

    void sendRedirect(HttpResponseStatus status, String location) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
        response.headers().set(HttpHeaderNames.LOCATION, location);
        write(response, null);
    }

    void send(HttpResponseStatus status, String type, byte[] content) {
        ByteBuf buf = content.length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(content);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, buf);
        write(response, type);
    }

    private void write(FullHttpResponse response, String type) {
        if (!responded.compareAndSet(false, true)) {
            return;
        }
        releaseBodyFile();
        String effectiveType = type != null ? type : responseContentType;
        if (effectiveType != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, effectiveType);
        }
        headers.apply(response.headers(), params != null && isDatabasePath(), forwardedTo);
        HttpUtil.setContentLength(response, response.content().readableBytes());
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        order.complete(position, () -> {
            if (keepAlive) {
                ctx.writeAndFlush(response, ctx.voidPromise());
            } else {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        });
    }

    private boolean isDatabasePath() {
        return path.startsWith("/db/");
    }
}
