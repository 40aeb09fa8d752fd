package io.jrqlite.auth;

/** The permissions of rqlite's users file, by the names the file uses. */
public enum Perm {
    ALL("all"),
    EXECUTE("execute"),
    QUERY("query"),
    STATUS("status"),
    READY("ready"),
    BACKUP("backup"),
    LOAD("load"),
    SNAPSHOT("snapshot"),
    REMOVE("remove"),
    LEADER_OPS("leader-ops"),
    JOIN("join"),
    JOIN_READ_ONLY("join-read-only"),
    /** rqlite 10.3's second name for {@link #JOIN_READ_ONLY}. */
    JOIN_READ_REPLICA("join-read-replica"),
    UI("ui");

    private final String text;

    Perm(String text) {
        this.text = text;
    }

    /** The name in the users file. */
    public String text() {
        return text;
    }
}
