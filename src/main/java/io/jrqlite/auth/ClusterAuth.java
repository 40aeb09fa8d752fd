package io.jrqlite.auth;

/**
 * What the cluster side of a node needs of {@code -auth} and {@code -join-as}.
 *
 * @param users  the users file, or null when the node has none (then every request is allowed, as in rqlite)
 * @param joinAs the credentials this node presents when it joins, notifies or leaves, or null (anonymous)
 */
public record ClusterAuth(CredentialStore users, Credentials joinAs) {

    public static final ClusterAuth NONE = new ClusterAuth(null, null);

    /** Whether {@code credentials} (null: anonymous) may do what needs any one of {@code perms}. */
    public boolean allowsAny(Credentials credentials, Perm... perms) {
        if (users == null) {
            return true;
        }
        for (Perm p : perms) {
            if (users.allows(credentials, p)) {
                return true;
            }
        }
        return false;
    }
}
