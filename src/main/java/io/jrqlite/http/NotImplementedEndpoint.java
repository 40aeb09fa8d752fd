package io.jrqlite.http;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.atomic.LongAdder;

/** An endpoint rqlite has and jrqlite has not built yet: the right method gets 500 {@code not implemented}. */
final class NotImplementedEndpoint implements Endpoint {

    private final HttpMethod method;
    private final String contentType;
    private final LongAdder counter;

    /**
     * @param counter counted on every request, as rqlite counts some endpoints at routing time (may be null)
     */
    NotImplementedEndpoint(HttpMethod method, String contentType, LongAdder counter) {
        this.method = method;
        this.contentType = contentType;
        this.counter = counter;
    }

    @Override
    public void handle(Exchange ex) {
        if (counter != null) {
            counter.increment();
        }
        if (contentType != null) {
            ex.useContentType(contentType);
        }
        if (!ex.method().equals(method)) {
            ex.sendStatus(HttpResponseStatus.METHOD_NOT_ALLOWED);
            return;
        }
        ex.sendError(HttpResponseStatus.INTERNAL_SERVER_ERROR, "not implemented");
    }
}
