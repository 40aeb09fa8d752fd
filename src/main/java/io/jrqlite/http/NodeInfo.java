package io.jrqlite.http;

import java.time.Instant;
import java.util.List;

/**
 * Facts about this node that the API reports.
 *
 * @param version     build version (X-RQLITE-VERSION)
 * @param commit      build commit
 * @param buildTime   build time
 * @param startTime   when the process started
 * @param httpBind    the HTTP listen address
 * @param httpAdvertised the advertised HTTP address ({@code host:port})
 * @param allowOrigin {@code -http-allow-origin}, or empty
 * @param cmdline     the process arguments, for {@code /debug/vars}
 * @param tls         the HTTPS settings, or null when the API is plain HTTP
 */
public record NodeInfo(String version, String commit, String buildTime, Instant startTime, String httpBind,
        String httpAdvertised, String allowOrigin, List<String> cmdline, TlsSettings tls) {

    /** The API's base URL as other nodes and clients should use it. */
    public String apiUrl() {
        return (tls == null ? "http://" : "https://") + httpAdvertised;
    }
}
