package io.jrqlite.cluster;

import java.io.Serializable;

/**
 * One internode message on the Raft port. SOFAJRaft's transport decodes protobuf only for its own message types, so
 * ours travel as protobuf bytes inside this plain serializable class.
 */
public final class Envelope implements Serializable {

    private static final long serialVersionUID = 1L;

    /** What the payload is: a request kind ({@code join}, {@code forward}) or {@code reply}. */
    public String kind;
    public byte[] payload;
    /** Set when the request could not be handled at all. */
    public String error;

    public Envelope() {
    }

    public Envelope(String kind, byte[] payload) {
        this.kind = kind;
        this.payload = payload;
    }

    public static Envelope failure(String error) {
        Envelope e = new Envelope("reply", new byte[0]);
        e.error = error;
        return e;
    }
}
