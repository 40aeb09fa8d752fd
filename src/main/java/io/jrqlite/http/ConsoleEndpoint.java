package io.jrqlite.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/** {@code /} and {@code /console}: rqlite's redirects to its web console (jrqlite has no console yet: 404 there). */
final class ConsoleEndpoint implements Endpoint {

    @Override
    public void handle(Exchange ex) {
        switch (ex.path()) {
            case "/" -> ex.sendRedirect(HttpResponseStatus.FOUND, "/console/");
            case "/console" -> ex.sendRedirect(HttpResponseStatus.MOVED_PERMANENTLY, "/console/");
            default -> ex.sendStatus(HttpResponseStatus.NOT_FOUND);
        }
    }
}
