package io.jrqlite.auth;

/**
 * A user name and password, as a client sent them with HTTP Basic authentication or as a node sends them to another.
 * {@link #toString()} leaves the password out, so that no log line can carry it.
 */
public record Credentials(String username, String password) {

    public Credentials {
        username = username == null ? "" : username;
        password = password == null ? "" : password;
    }

    @Override
    public String toString() {
        return "Credentials[" + username + "]";
    }
}
