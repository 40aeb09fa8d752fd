package io.jrqlite.http;

import io.jrqlite.auth.Perm;
import java.util.List;

/**
 * The permissions each endpoint needs (all of them), by rqlite's table. The paths follow {@link Router}'s: exact
 * ones first, then prefixes. {@code /} (the redirect to the console) needs none; OPTIONS never gets here.
 */
final class AccessRules {

    private AccessRules() {
    }

    static List<Perm> required(String path) {
        return switch (path) {
            case "/" -> List.of();
            case "/boot" -> List.of(Perm.LOAD);
            case "/snapshot", "/reap" -> List.of(Perm.SNAPSHOT);
            case "/leader" -> List.of(Perm.LEADER_OPS);
            case "/licenses", "/debug/vars" -> List.of(Perm.STATUS);
            default -> byPrefix(path);
        };
    }

    private static List<Perm> byPrefix(String path) {
        if (path.startsWith("/db/execute")) {
            return List.of(Perm.EXECUTE);
        }
        if (path.startsWith("/db/query") || path.startsWith("/db/sql")) {
            return List.of(Perm.QUERY);
        }
        if (path.startsWith("/db/request")) {
            return List.of(Perm.QUERY, Perm.EXECUTE);
        }
        if (path.startsWith("/db/backup")) {
            return List.of(Perm.BACKUP);
        }
        if (path.startsWith("/db/load")) {
            return List.of(Perm.LOAD);
        }
        if (path.startsWith("/console")) {
            return List.of(Perm.UI);
        }
        if (path.startsWith("/remove")) {
            return List.of(Perm.REMOVE);
        }
        if (path.startsWith("/readyz")) {
            return List.of(Perm.READY);
        }
        return List.of(Perm.STATUS); // /status, /nodes, /debug/pprof
    }

    /**
     * What a follower answers (401) when the leader refused the credentials it passed on: rqlite's words per
     * endpoint.
     */
    static String remoteRefusal(String path) {
        if (path.startsWith("/db/execute")) {
            return "remote Execute not authorized";
        }
        if (path.startsWith("/db/query")) {
            return "remote query not authorized";
        }
        if (path.startsWith("/db/request")) {
            return "remote Request not authorized";
        }
        if (path.startsWith("/db/backup")) {
            return "remote backup not authorized";
        }
        if (path.startsWith("/db/load")) {
            return "remote load not authorized";
        }
        if (path.startsWith("/remove")) {
            return "remote remove node not authorized";
        }
        return "remote stepdown not authorized"; // POST /leader
    }
}
