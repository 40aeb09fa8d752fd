package io.jrqlite.http;

/** A request the client got wrong; the message is the 400 body. */
final class BadRequestException extends Exception {
    BadRequestException(String message) {
        super(message, null, false, false);
    }
}
