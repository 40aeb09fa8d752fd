package io.jrqlite.http.json;

/**
 * An API request body that cannot be turned into statements. The message is exactly what rqlite answers
 * (HTTP 400, message plus newline as a text body).
 */
public final class RequestParseException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Unparsable JSON, including an empty body. */
    public static final String INVALID_JSON_BODY = "invalid JSON body";
    /** Top level not an array; an element neither string nor array; an inner array empty or not led by SQL. */
    public static final String INVALID_REQUEST = "invalid request";
    /** The body is {@code []}. */
    public static final String NO_STATEMENTS = "no statements";
    /** Prefix of the message for a parameter value that cannot be bound. */
    public static final String UNSUPPORTED_TYPE = "unsupported type";

    public RequestParseException(String message) {
        super(message, null, false, false);
    }

    static RequestParseException invalidJson() {
        return new RequestParseException(INVALID_JSON_BODY);
    }

    static RequestParseException invalidRequest() {
        return new RequestParseException(INVALID_REQUEST);
    }

    static RequestParseException noStatements() {
        return new RequestParseException(NO_STATEMENTS);
    }

    /** {@code unsupported type <what>}, {@code what} being Go's %T or %v of the offending value. */
    static RequestParseException unsupportedType(String what) {
        return new RequestParseException(UNSUPPORTED_TYPE + " " + what);
    }
}
