package io.jrqlite.http;

/** One API endpoint family. Implementations check the method themselves and always answer the exchange. */
interface Endpoint {
    void handle(Exchange exchange);
}
