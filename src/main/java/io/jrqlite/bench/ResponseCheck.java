package io.jrqlite.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Decides whether a response is a failure: any status other than 200, or a JSON body with an {@code "error"} key at
 * the top level or inside one of its {@code results}. Stateless and thread-safe.
 */
final class ResponseCheck {

    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] ERROR_KEY = {'"', 'e', 'r', 'r', 'o', 'r', '"'};

    private ResponseCheck() {
    }

    static boolean failed(int status, byte[] body, int length) {
        return status != 200 || hasError(body, length);
    }

    /** Parses only bodies that mention {@code "error"} somewhere, so the common case is one byte scan. */
    static boolean hasError(byte[] body, int length) {
        if (!contains(body, length, ERROR_KEY)) {
            return false;
        }
        try (JsonParser p = JSON.createParser(body, 0, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("error".equals(name)) {
                    return true;
                }
                if ("results".equals(name) && value == JsonToken.START_ARRAY) {
                    for (JsonToken t = p.nextToken(); t != null && t != JsonToken.END_ARRAY; t = p.nextToken()) {
                        if (t == JsonToken.START_OBJECT) {
                            if (objectHasErrorKey(p)) {
                                return true;
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
            return false;
        } catch (IOException e) {
            return true; // it names an error and is not even valid JSON: not a success
        }
    }

    private static boolean objectHasErrorKey(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if ("error".equals(name)) {
                return true;
            }
            p.skipChildren();
        }
        return false;
    }

    private static boolean contains(byte[] hay, int length, byte[] needle) {
        outer:
        for (int i = 0, last = length - needle.length; i <= last; i++) {
            if (hay[i] != needle[0]) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
