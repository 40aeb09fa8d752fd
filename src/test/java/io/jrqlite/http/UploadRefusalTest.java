package io.jrqlite.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UploadRefusalTest {

    @Test
    void anUploadItsSenderMayNotMakeIsPassedOnAndNeverWrittenToDisk() {
        AtomicInteger filesMade = new AtomicInteger();
        EmbeddedChannel ch = new EmbeddedChannel(new UploadSpooler(() -> {
            filesMade.incrementAndGet();
            throw new java.io.IOException("no file expected");
        }, Runnable::run, request -> false));
        HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/boot");
        ch.writeInbound(head, new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[1024])),
                new DefaultLastHttpContent(Unpooled.wrappedBuffer(new byte[10])));
        Object first = ch.readInbound();
        assertThat(first).isSameAs(head); // on to the aggregator and the handler, which answers 401
        Object next;
        int parts = 0;
        while ((next = ch.readInbound()) != null) {
            parts++;
            ReferenceCountUtil.release(next);
        }
        assertThat(parts).isEqualTo(2);
        assertThat(filesMade).hasValue(0);
        ch.finishAndReleaseAll();
    }
}
