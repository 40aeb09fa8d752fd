package io.jrqlite.http;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Date;

/** The headers rqlite puts on every response. */
final class ResponseHeaders {

    private final String version;
    private volatile CachedDate cachedDate = new CachedDate(0, "");
    private final String allowOrigin;
    private final String servedBy;
    private final boolean auth;

    /**
     * @param version     build version for {@code X-RQLITE-VERSION}
     * @param allowOrigin {@code -http-allow-origin}, or empty
     * @param servedBy    this node's advertised HTTP address, for {@code X-RQLITE-SERVED-BY}
     * @param auth        whether requests need credentials ({@code -auth})
     */
    ResponseHeaders(String version, String allowOrigin, String servedBy, boolean auth) {
        this.auth = auth;
        this.version = version == null || version.isEmpty() ? "unknown" : version;
        this.allowOrigin = allowOrigin;
        this.servedBy = servedBy;
    }

    /**
     * @param databaseResponse whether a database endpoint answered (only those say which node served them)
     * @param forwardedTo      the Raft address of the leader that served a forwarded request, or null
     */
    void apply(HttpHeaders h, boolean databaseResponse, String forwardedTo) {
        h.set(HttpHeaderNames.DATE, date());
        h.set("X-RQLITE-VERSION", version);
        h.set("Access-Control-Allow-Methods", "OPTIONS, GET, POST");
        if (auth) {
            h.set("Access-Control-Allow-Headers", "Content-Type, Authorization");
            h.set("Access-Control-Allow-Credentials", "true");
            h.set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"rqlite\"");
        } else {
            h.set("Access-Control-Allow-Headers", "Content-Type");
        }
        if (allowOrigin != null && !allowOrigin.isEmpty()) {
            h.set("Access-Control-Allow-Origin", allowOrigin);
        }
        if (databaseResponse) {
            h.set("X-RQLITE-SERVED-BY", forwardedTo != null ? forwardedTo : servedBy);
        }
    }

    /** The HTTP date, formatted once a second rather than once a response. */
    private String date() {
        long second = System.currentTimeMillis() / 1000;
        CachedDate c = cachedDate;
        if (c.second != second) {
            c = new CachedDate(second, DateFormatter.format(new Date(second * 1000)));
            cachedDate = c;
        }
        return c.text;
    }

    private record CachedDate(long second, String text) {
    }
}
