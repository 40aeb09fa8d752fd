package io.jrqlite.http;

import io.netty.handler.codec.http.HttpHeaders;

/** The headers rqlite puts on every response. */
final class ResponseHeaders {

    private final String version;
    private final String allowOrigin;
    private final String servedBy;

    /**
     * @param version     build version for {@code X-RQLITE-VERSION}
     * @param allowOrigin {@code -http-allow-origin}, or empty
     * @param servedBy    this node's advertised HTTP address, for {@code X-RQLITE-SERVED-BY}
     */
    ResponseHeaders(String version, String allowOrigin, String servedBy) {
        this.version = version == null || version.isEmpty() ? "unknown" : version;
        this.allowOrigin = allowOrigin;
        this.servedBy = servedBy;
    }

    void apply(HttpHeaders h, boolean databaseResponse) {
        h.set("X-RQLITE-VERSION", version);
        h.set("Access-Control-Allow-Methods", "OPTIONS, GET, POST");
        h.set("Access-Control-Allow-Headers", "Content-Type");
        if (allowOrigin != null && !allowOrigin.isEmpty()) {
            h.set("Access-Control-Allow-Origin", allowOrigin);
        }
        if (databaseResponse) {
            h.set("X-RQLITE-SERVED-BY", servedBy);
        }
    }
}
