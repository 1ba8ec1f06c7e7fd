package io.roomsync.moderation.rules;

import java.util.List;

/**
 * What moderation remembers of one member in one room: when they last spoke, the fingerprints of their recent texts,
 * and when they offended. Only as much as the policy's windows need is kept.
 *
 * @param messageTimes epoch millis of recent messages, oldest first
 * @param texts        recent texts (fingerprint and time), oldest first
 * @param offences     epoch millis of offences still remembered, oldest first
 */
public record MemberConduct(List<Long> messageTimes, List<Text> texts, List<Long> offences) {

    public static final MemberConduct NONE = new MemberConduct(List.of(), List.of(), List.of());

    /** A text by its fingerprint (a hash of its compact form) and when it was sent. */
    public record Text(int fingerprint, long at) {
    }

    public MemberConduct {
        messageTimes = List.copyOf(messageTimes);
        texts = List.copyOf(texts);
        offences = List.copyOf(offences);
    }

    public boolean isEmpty() {
        return messageTimes.isEmpty() && texts.isEmpty() && offences.isEmpty();
    }

    /**
     * What happened at or after {@code fromMillis} (epoch milliseconds): the member's conduct in a room created again
     * with the same id, once the old room ended at {@code fromMillis}.
     */
    public MemberConduct since(long fromMillis) {
        return new MemberConduct(messageTimes.stream().filter(at -> at >= fromMillis).toList(),
                texts.stream().filter(text -> text.at() >= fromMillis).toList(),
                offences.stream().filter(at -> at >= fromMillis).toList());
    }
}
