package io.jrqlite.http;

import io.jrqlite.command.Statement;
import io.jrqlite.http.json.RequestBodyParser;
import io.jrqlite.http.json.RequestParseException;
import io.jrqlite.sql.PragmaGuard;
import io.jrqlite.sql.StatementRewriter;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a request body into statements ready for the store: parsed (JSON, or raw SQL where allowed), checked for
 * disallowed pragmas and, where asked, with non-deterministic SQL rewritten on this node.
 */
final class StatementReader {

    static final String DISALLOWED_PRAGMA = "disallowed pragma";

    private final StatementRewriter rewriter;

    StatementReader(StatementRewriter rewriter) {
        this.rewriter = rewriter;
    }

    /** Parses the body: raw SQL for {@code text/plain} when {@code allowText}, else a JSON array. */
    List<Statement> parse(Exchange ex, boolean allowText) throws BadRequestException {
        try {
            if (allowText && ex.contentType().regionMatches(true, 0, "text/plain", 0, 10)) {
                String sql = new String(ex.body(), StandardCharsets.UTF_8);
                return sql.isEmpty() ? List.of() : List.of(Statement.newBuilder().setSql(sql).build());
            }
            return RequestBodyParser.parse(ex.body());
        } catch (RequestParseException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    /** Parses the body, or answers 400 with rqlite's message and returns null. */
    List<Statement> parseOrReject(Exchange ex, boolean allowText) {
        try {
            return parse(ex, allowText);
        } catch (BadRequestException e) {
            ex.sendError(HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return null;
        }
    }

    /**
     * The statements of a GET ({@code q}; none without it) or a POST (the body); null when the request has been
     * answered already: 405 for another method, 400 for a bad body.
     */
    List<Statement> fromQueryOrBody(Exchange ex, boolean allowText) {
        if (ex.method().equals(HttpMethod.GET)) {
            String q = ex.params().get("q");
            return q == null ? List.of() : List.of(Statement.newBuilder().setSql(q).build());
        }
        if (ex.method().equals(HttpMethod.POST)) {
            return parseOrReject(ex, allowText);
        }
        ex.sendStatus(HttpResponseStatus.METHOD_NOT_ALLOWED);
        return null;
    }

    /** Answers {@code {"results":[],"error":"disallowed pragma"}} and returns true when a statement is refused. */
    static boolean rejectedPragma(Exchange ex, List<Statement> statements) {
        if (hasDisallowedPragma(statements)) {
            StoreReplies.sendResultError(ex, DISALLOWED_PRAGMA);
            return true;
        }
        return false;
    }

    /** True when some statement is a pragma rqlite refuses. */
    static boolean hasDisallowedPragma(List<Statement> statements) {
        for (Statement s : statements) {
            if (PragmaGuard.isDisallowed(s.getSql())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Rewrites non-deterministic functions (unless {@code noparse}), honouring {@code norwrandom} and
     * {@code norwtime}, and marks statements with RETURNING to be run as queries.
     */
    List<Statement> rewrite(List<Statement> statements, QueryParams params, boolean rewriteFunctions) {
        if (params.has("noparse")) {
            return statements;
        }
        return rewrite(statements, rewriteFunctions && !params.has("norwrandom"),
                rewriteFunctions && !params.has("norwtime"));
    }

    List<Statement> rewrite(List<Statement> statements, boolean random, boolean time) {
        List<Statement> out = new ArrayList<>(statements.size());
        for (Statement s : statements) {
            StatementRewriter.Rewrite r = rewriter.rewrite(s.getSql(), random, time);
            if (!r.modified() && !r.returning()) {
                out.add(s);
            } else {
                out.add(s.toBuilder().setSql(r.sql()).setReturnsRows(r.returning()).build());
            }
        }
        return out;
    }
}
