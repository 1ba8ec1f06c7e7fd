package io.roomsync.moderation.rules;

/** A rule that objected to a message: which, and the evidence (a term, a count in a window), never the whole text. */
public record Finding(String rule, String evidence) {
}
