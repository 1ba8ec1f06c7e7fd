package io.roomsync.support.http;

/** A request an API refuses, with what is wrong in words; answered 400 {@code {"error": message}} ({@link JsonApiErrors}). */
public class BadRequest extends RuntimeException {
    public BadRequest(String message) {
        super(message);
    }
}
