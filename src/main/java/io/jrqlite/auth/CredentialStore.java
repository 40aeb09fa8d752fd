package io.jrqlite.auth;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The users and permissions of an {@code -auth} file: a JSON array of
 * {@code {"username": "...", "password": "...", "perms": ["...", ...]}}. The user {@code *} (no password) lends its
 * permissions to every request, with or without credentials. Permission names the file uses but jrqlite does not
 * know grant nothing, as in rqlite. Immutable, so thread-safe.
 */
public final class CredentialStore {

    /** The user whose permissions everyone has. */
    public static final String EVERYONE = "*";
    private static final JsonFactory JSON = new JsonFactory();

    private final Map<String, User> users;

    private record User(byte[] password, Set<String> perms) {
    }

    private CredentialStore(Map<String, User> users) {
        this.users = Map.copyOf(users);
    }

    /**
     * Reads {@code file}.
     *
     * @throws IOException when it cannot be read or does not hold a users array (the message says why)
     */
    public static CredentialStore load(Path file) throws IOException {
        return parse(Files.readAllBytes(file));
    }

    /** Parses a users file's content; see {@link #load}. */
    static CredentialStore parse(byte[] json) throws IOException {
        Map<String, User> users = new HashMap<>();
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("expected a JSON array of users");
            }
            int index = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), index++) {
                if (t != JsonToken.START_OBJECT) {
                    throw new IOException("entry " + index + ": expected an object");
                }
                readUser(p, index, users);
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("invalid JSON: " + e.getOriginalMessage());
        }
        return new CredentialStore(users);
    }

    /** One entry, fresh: a field it lacks is empty, never the previous entry's (rqlite's decoder leaks those). */
    private static void readUser(JsonParser p, int index, Map<String, User> users) throws IOException {
        String username = "";
        String password = "";
        Set<String> perms = new HashSet<>();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equalsIgnoreCase("username")) { // Go matches field names without regard to case
                username = string(value, p, index, field);
            } else if (field.equalsIgnoreCase("password")) {
                password = string(value, p, index, field);
            } else if (field.equalsIgnoreCase("perms")) {
                if (value == JsonToken.VALUE_NULL) {
                    continue;
                }
                if (value != JsonToken.START_ARRAY) {
                    throw new IOException("entry " + index + ": " + field + " must be an array of strings");
                }
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    if (e != JsonToken.VALUE_STRING) {
                        throw new IOException("entry " + index + ": " + field + " must be an array of strings");
                    }
                    perms.add(p.getText());
                }
            } else {
                p.skipChildren();
            }
        }
        users.put(username, new User(password.getBytes(StandardCharsets.UTF_8), Set.copyOf(perms)));
    }

    private static String string(JsonToken value, JsonParser p, int index, String field) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return "";
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new IOException("entry " + index + ": " + field + " must be a string");
        }
        return p.getText();
    }

    /**
     * Whether a request with {@code credentials} (null: none) may do what needs {@code perm}: yes if {@code *} has
     * it (or {@code all}); otherwise only for a known user whose password matches and who has it (or {@code all}).
     */
    public boolean allows(Credentials credentials, Perm perm) {
        if (has(EVERYONE, perm)) {
            return true;
        }
        if (credentials == null || credentials.username().isEmpty()) {
            return false;
        }
        return authenticates(credentials) && has(credentials.username(), perm);
    }

    /** Whether {@code credentials} name a known user with the right password; the comparison takes constant time. */
    boolean authenticates(Credentials credentials) {
        User user = users.get(credentials.username());
        return user != null
                && MessageDigest.isEqual(user.password(), credentials.password().getBytes(StandardCharsets.UTF_8));
    }

    private boolean has(String username, Perm perm) {
        User user = users.get(username);
        return user != null && (user.perms().contains(perm.text()) || user.perms().contains(Perm.ALL.text()));
    }

    /** The credentials of {@code username} as the file gives them, for a node to present to others; null if none. */
    public Credentials credentialsOf(String username) {
        User user = users.get(username);
        return user == null ? null : new Credentials(username, new String(user.password(), StandardCharsets.UTF_8));
    }
}
