package io.roomsync.notices.adapter.http;

/** A request notice-dispatch's API refuses, with what is wrong; answered 400. */
public class BadRequest extends RuntimeException {
    public BadRequest(String message) {
        super(message);
    }
}
