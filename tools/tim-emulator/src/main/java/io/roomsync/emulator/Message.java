package io.roomsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A message a room (or a one-to-one conversation) carried. {@code order} orders deliveries across rooms, for a
 * client's inbox; {@code recalled} is set by group_msg_recall.
 */
final class Message {
    final long order;
    final String room;
    final long seq;
    final long random;
    final String from;
    final String priority;
    final JsonNode body;
    final String cloudCustomData;
    final long timeSeconds;
    volatile boolean recalled;

    Message(long order, String room, long seq, long random, String from, String priority, JsonNode body,
            String cloudCustomData, long timeSeconds) {
        this.order = order;
        this.room = room;
        this.seq = seq;
        this.random = random;
        this.from = from;
        this.priority = priority;
        this.body = body;
        this.cloudCustomData = cloudCustomData;
        this.timeSeconds = timeSeconds;
    }
}
