package io.roomsync.rolesync.domain;

/** A change for one member of a room. */
public record MemberChange(String member, Change change) {
}
