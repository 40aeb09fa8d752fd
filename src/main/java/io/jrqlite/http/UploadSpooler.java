package io.jrqlite.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes the bodies of {@code POST /db/load} and {@code POST /boot} to a file in the data directory as they arrive,
 * so a database file of any size passes with a bounded heap. Disk writes run on a separate thread; reading from the
 * socket pauses while too much is waiting for the disk. Requests pipelined behind an upload are held back until it
 * has been passed on, so replies keep their order. One instance per connection; event-loop thread only.
 */
final class UploadSpooler extends ChannelInboundHandlerAdapter {

    /** Creates the file a body goes to. */
    interface FileSource {
        Path create() throws IOException;
    }

    private static final long PAUSE_ABOVE = 8 << 20;
    private static final long RESUME_BELOW = 2 << 20;

    private final FileSource files;
    private final Executor disk;
    private final java.util.function.Predicate<HttpRequest> allowed;
    private final ArrayDeque<Object> held = new ArrayDeque<>();
    private Upload current;

    /** @param allowed whether the sender may upload at all (auth): a refused body is never written to disk */
    UploadSpooler(FileSource files, Executor disk, java.util.function.Predicate<HttpRequest> allowed) {
        this.files = files;
        this.disk = disk;
        this.allowed = allowed;
    }

    static boolean isUpload(HttpRequest request) {
        if (!request.method().equals(HttpMethod.POST) || !request.decoderResult().isSuccess()) {
            return false;
        }
        String path = pathOf(request.uri());
        return path.startsWith("/db/load") || path.equals("/boot");
    }

    static String pathOf(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!held.isEmpty()) {
            held.add(msg); // behind messages still waiting: order is everything
            return;
        }
        dispatch(ctx, msg);
    }

    private void dispatch(ChannelHandlerContext ctx, Object msg) {
        if (current != null && !current.ended) {
            if (msg instanceof HttpContent content) {
                if (content.decoderResult().isFailure()) {
                    current.malformed = content.decoderResult().cause();
                }
                current.add(ctx, content);
            } else {
                ReferenceCountUtil.release(msg); // nothing else can come inside a body
            }
            return;
        }
        if (current != null) {
            held.add(msg);
            return;
        }
        if (msg instanceof HttpRequest request && !(msg instanceof FullHttpRequest) && isUpload(request)
                && allowed.test(request)) {
            current = new Upload(request);
            if (HttpUtil.is100ContinueExpected(request)) {
                request.headers().remove(HttpHeaderNames.EXPECT);
                ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
            }
            current.open();
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        Upload u = current;
        if (u != null) {
            u.ended = true;
            disk.execute(() -> {
                u.closeQuietly();
                deleteQuietly(u.file);
            });
            current = null;
        }
        held.forEach(ReferenceCountUtil::release);
        held.clear();
        super.channelInactive(ctx);
    }

    /** Passes the finished upload on, then whatever arrived behind it. */
    private void finish(ChannelHandlerContext ctx, Upload u) {
        if (current != u) {
            return; // the connection went away meanwhile
        }
        current = null;
        SpooledRequest spooled = new SpooledRequest(u.request, u.file, u.failure);
        if (u.malformed != null) { // answered 400 "malformed request" like any undecodable request
            spooled.setDecoderResult(io.netty.handler.codec.DecoderResult.failure(u.malformed));
        }
        ctx.fireChannelRead(spooled);
        // Held messages go on until another upload's body is complete and must wait for the disk in turn.
        while (!held.isEmpty() && (current == null || !current.ended)) {
            dispatch(ctx, held.poll());
        }
        if (current == null || !current.ended) { // idle, or a second upload whose body is still arriving
            ctx.channel().config().setAutoRead(true);
            ctx.read();
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a start clears leftovers
            }
        }
    }

    /** One body on its way to disk. Fields written on the disk thread are read after its last task. */
    private final class Upload {
        final HttpRequest request;
        final AtomicLong pending = new AtomicLong();
        volatile Path file;
        volatile FileChannel channel;
        volatile IOException failure;
        boolean ended;
        boolean paused;
        Throwable malformed;

        Upload(HttpRequest request) {
            this.request = request;
        }

        void open() {
            disk.execute(() -> {
                try {
                    file = files.create();
                    channel = FileChannel.open(file, StandardOpenOption.WRITE);
                } catch (IOException e) {
                    failure = e;
                }
            });
        }

        void add(ChannelHandlerContext ctx, HttpContent content) {
            ByteBuf buf = content.content().retain();
            ReferenceCountUtil.release(content);
            int n = buf.readableBytes();
            if (pending.addAndGet(n) > PAUSE_ABOVE && !paused) {
                paused = true;
                ctx.channel().config().setAutoRead(false);
            }
            boolean last = content instanceof LastHttpContent;
            if (last) {
                ended = true;
                ctx.channel().config().setAutoRead(false); // requests behind this one wait until it is passed on
            }
            disk.execute(() -> {
                try {
                    if (failure == null) {
                        for (ByteBuffer b : buf.nioBuffers()) {
                            while (b.hasRemaining()) {
                                channel.write(b);
                            }
                        }
                    }
                } catch (IOException e) {
                    failure = e;
                } finally {
                    buf.release();
                }
                long left = pending.addAndGet(-n);
                if (last) {
                    closeQuietly();
                    ctx.executor().execute(() -> finish(ctx, this));
                } else if (left < RESUME_BELOW) {
                    ctx.executor().execute(() -> resumeIfPaused(ctx));
                }
            });
        }

        private void resumeIfPaused(ChannelHandlerContext ctx) {
            if (paused && !ended && current == this) {
                paused = false;
                ctx.channel().config().setAutoRead(true);
            }
        }

        void closeQuietly() {
            FileChannel ch = channel;
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException e) {
                    if (failure == null) {
                        failure = e;
                    }
                }
            }
        }
    }
}
