package io.jrqlite.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import java.io.IOException;
import java.nio.file.Path;

/** A request whose body was written to a file (see {@link UploadSpooler}) rather than kept in the heap. */
final class SpooledRequest extends DefaultFullHttpRequest {

    private final Path bodyFile;
    private final IOException failure;

    SpooledRequest(HttpRequest head, Path bodyFile, IOException failure) {
        super(head.protocolVersion(), head.method(), head.uri(), Unpooled.EMPTY_BUFFER, head.headers(),
                EmptyHttpHeaders.INSTANCE);
        this.bodyFile = bodyFile;
        this.failure = failure;
    }

    /** The body, or null when it could not be stored. */
    Path bodyFile() {
        return failure == null ? bodyFile : null;
    }

    /** Why the body could not be stored, or null. */
    IOException failure() {
        return failure;
    }

    /** The file as created, even when writing it failed: for clean-up. */
    Path rawFile() {
        return bodyFile;
    }
}
