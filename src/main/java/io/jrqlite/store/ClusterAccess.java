package io.jrqlite.store;

import io.jrqlite.auth.ClusterAuth;
import io.jrqlite.auth.Credentials;
import io.jrqlite.auth.Perm;
import io.jrqlite.cluster.ClusterService;
import io.jrqlite.command.ForwardRequest;
import io.jrqlite.command.JoinRequest;

/**
 * Which permission each internode request needs, checked against this node's own {@code -auth} file: a follower
 * checked the client already, and the leader checks again with its file. Node metadata and the leader's notice to a
 * removed node need none.
 */
final class ClusterAccess implements ClusterService.Gate {

    private final ClusterAuth auth;

    ClusterAccess(ClusterAuth auth) {
        this.auth = auth;
    }

    @Override
    public boolean allows(String kind, byte[] request, Credentials who) {
        if (auth.users() == null) {
            return true;
        }
        try {
            return switch (kind) {
                case "forward" -> allowsForward(ForwardRequest.parseFrom(request), who);
                case "backup", "backup-piece" -> auth.allowsAny(who, Perm.BACKUP);
                case "remove" -> auth.allowsAny(who, Perm.REMOVE);
                case "stepdown" -> auth.allowsAny(who, Perm.LEADER_OPS);
                case "notify" -> auth.allowsAny(who, Perm.JOIN);
                // A plain join permission does not let a read replica in: rqlite asks for a read-only one.
                case "join" -> JoinRequest.parseFrom(request).getVoter() ? auth.allowsAny(who, Perm.JOIN)
                        : auth.allowsAny(who, Perm.JOIN_READ_ONLY, Perm.JOIN_READ_REPLICA);
                default -> true;
            };
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return false;
        }
    }

    private boolean allowsForward(ForwardRequest r, Credentials who) {
        return switch (r.getOp()) {
            case "execute" -> auth.allowsAny(who, Perm.EXECUTE);
            case "query" -> auth.allowsAny(who, Perm.QUERY);
            case "request" -> auth.allowsAny(who, Perm.QUERY) && auth.allowsAny(who, Perm.EXECUTE);
            case "entry" -> auth.allowsAny(who, Perm.LOAD); // the pieces of a database file being loaded
            default -> false;
        };
    }
}
