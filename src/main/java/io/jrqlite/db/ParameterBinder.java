package io.jrqlite.db;

import io.jrqlite.command.Parameter;
import io.jrqlite.command.Value;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * Binds a statement's {@link Parameter}s to the pieces of its SQL, the way rqlite's driver does: each piece
 * consumes as many arguments as it has parameters (an error when too few remain); within that slice a
 * positional argument binds the parameter at its ordinal, and a named argument binds {@code :name},
 * {@code @name} or {@code $name}, whichever the SQL uses (named arguments are visible to every piece).
 */
final class ParameterBinder {

    private final List<Parameter> args;
    private int consumed;

    ParameterBinder(List<Parameter> args) {
        this.args = args;
    }

    void bind(PreparedStatement ps, SqlScript.Piece piece) throws SQLException {
        int na = piece.paramCount();
        if (na == 0) {
            return;
        }
        if (args.size() - consumed < na) {
            throw new SQLException("not enough args to execute query: want " + na + " got " + args.size());
        }
        Value[] slots = new Value[na + 1];
        for (int j = 0; j < na; j++) {
            Parameter a = args.get(consumed + j);
            if (a.getName().isEmpty()) {
                slots[j + 1] = a.getValue();
            }
        }
        for (int k = 0; k < args.size(); k++) {
            Parameter a = args.get(k);
            if (a.getName().isEmpty()) {
                continue;
            }
            // A name the statement does not have binds nothing, as in rqlite's driver.
            for (String prefix : PREFIXES) {
                int idx = piece.indexOf(prefix + a.getName());
                if (idx > 0) {
                    slots[idx] = a.getValue();
                }
            }
        }
        consumed += na;
        for (int i = 1; i <= na; i++) {
            set(ps, i, slots[i]);
        }
    }

    private static final String[] PREFIXES = {":", "@", "$"};

    private static void set(PreparedStatement ps, int i, Value v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.NULL);
            return;
        }
        switch (v.getKindCase()) {
            case INTEGER -> ps.setLong(i, v.getInteger());
            case REAL -> ps.setDouble(i, v.getReal());
            case BOOLEAN -> ps.setLong(i, v.getBoolean() ? 1 : 0);
            case TEXT -> ps.setString(i, v.getText().toStringUtf8());
            case BLOB -> ps.setBytes(i, v.getBlob().toByteArray());
            case FORMATTED -> ps.setString(i, v.getFormatted());
            default -> ps.setNull(i, Types.NULL);
        }
    }
}
