package io.jrqlite.http;

import io.jrqlite.command.Statement;
import io.jrqlite.http.json.ResultsJson.RenderOptions;
import io.jrqlite.http.json.TreeJson;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /db/sql}: shows how statements would be rewritten, without running them. */
final class SqlEndpoint implements Endpoint {

    private final StatementReader reader;

    SqlEndpoint(StatementReader reader) {
        this.reader = reader;
    }

    @Override
    public String replyContentType() {
        return Exchange.JSON;
    }

    @Override
    public void handle(Exchange ex) {
        if (ex.method().equals(HttpMethod.GET) && !ex.params().has("q")) {
            ex.sendError(HttpResponseStatus.BAD_REQUEST, "query parameter not set");
            return;
        }
        List<Statement> statements = reader.fromQueryOrBody(ex, false);
        if (statements == null) {
            return;
        }
        // /db/sql always shows the rewrite: noparse does not apply here.
        QueryParams p = ex.params();
        List<Statement> rewritten = reader.rewrite(statements, !p.has("norwrandom"), !p.has("norwtime"));
        List<Object> results = new ArrayList<>(statements.size());
        for (int i = 0; i < statements.size(); i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("original", statements.get(i).getSql());
            r.put("rewritten", rewritten.get(i).getSql());
            results.add(r);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("results", results);
        if (p.has("timings")) {
            body.put("time", ex.elapsedSeconds());
        }
        RenderOptions options = StoreReplies.renderOptions(p);
        ex.sendJson(TreeJson.toJson(body, options.pretty()));
    }
}
