package io.roomsync.notices.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a room's pending changes become: only each member's newest version, only versions newer than what clients
 * were already told, in messages of at most {@code maxPerMessage} members (a message is at most 12 KB; an entry is
 * about a hundred bytes).
 */
public final class Coalescer {

    /**
     * The messages to send, and how many pending entries were superseded (an older version of a member replaced by a
     * newer one before it went out, or a version clients already had).
     */
    public record Plan(List<List<MemberNotice>> messages, int superseded) {
    }

    private Coalescer() {
    }

    /**
     * @param pending      entries in arrival order, possibly several per member
     * @param lastNotified the version clients were last told, per user (absent: never)
     */
    public static Plan plan(List<MemberNotice> pending, Map<String, Long> lastNotified, int maxPerMessage) {
        Map<String, MemberNotice> newest = new LinkedHashMap<>();
        int superseded = 0;
        for (MemberNotice notice : pending) {
            MemberNotice held = newest.get(notice.user());
            if (held == null || notice.version() > held.version()) {
                if (held != null) {
                    superseded++;
                }
                newest.put(notice.user(), notice);
            } else {
                superseded++;
            }
        }
        List<MemberNotice> toSend = new ArrayList<>();
        for (MemberNotice notice : newest.values()) {
            if (notice.version() > lastNotified.getOrDefault(notice.user(), 0L)) {
                toSend.add(notice);
            } else {
                superseded++;
            }
        }
        toSend.sort(Comparator.comparing(MemberNotice::user));
        List<List<MemberNotice>> messages = new ArrayList<>();
        for (int i = 0; i < toSend.size(); i += maxPerMessage) {
            messages.add(List.copyOf(toSend.subList(i, Math.min(toSend.size(), i + maxPerMessage))));
        }
        return new Plan(messages, superseded);
    }
}
