package io.roomsync.rolesync.adapter.http;

/** A request role-sync refuses, with what is wrong; answered 400. */
public class BadRequest extends RuntimeException {
    public BadRequest(String message) {
        super(message);
    }
}
