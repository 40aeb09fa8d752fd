package io.jrqlite.http;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code /licenses}: the licenses of what jrqlite is built from, as plain text. */
final class LicensesEndpoint implements Endpoint {

    private final byte[] text;

    LicensesEndpoint() {
        try (InputStream in = LicensesEndpoint.class.getResourceAsStream("/io/jrqlite/licenses.txt")) {
            text = in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void handle(Exchange ex) {
        if (!ex.method().equals(HttpMethod.GET)) {
            ex.sendStatus(HttpResponseStatus.METHOD_NOT_ALLOWED);
            return;
        }
        ex.send(HttpResponseStatus.OK, Exchange.TEXT, text);
    }
}
