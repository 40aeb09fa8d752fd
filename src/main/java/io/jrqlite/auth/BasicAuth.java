package io.jrqlite.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads an HTTP {@code Authorization: Basic ...} header, as Go's {@code Request.BasicAuth} does. */
public final class BasicAuth {

    private static final String PREFIX = "Basic ";

    private BasicAuth() {
    }

    /** The credentials in {@code header}, or null when it is absent or not well-formed Basic authentication. */
    public static Credentials parse(String header) {
        if (header == null || header.length() < PREFIX.length()
                || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return null;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(header.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return null;
        }
        String text = new String(decoded, StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        return colon < 0 ? null : new Credentials(text.substring(0, colon), text.substring(colon + 1));
    }

    /** The header value for {@code credentials}. */
    public static String header(Credentials credentials) {
        String text = credentials.username() + ":" + credentials.password();
        return PREFIX + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
