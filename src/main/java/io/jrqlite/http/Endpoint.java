package io.jrqlite.http;

/** One API endpoint family. Implementations check the method themselves and always answer the exchange. */
interface Endpoint {
    void handle(Exchange exchange);

    /**
     * The Content-Type of every reply, refusals included, or null when replies set their own: rqlite sets it before
     * its permission and method checks, so a 401 or 405 from a JSON endpoint carries it too.
     */
    default String replyContentType() {
        return null;
    }
}
