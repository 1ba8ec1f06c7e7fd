package io.roomsync.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one browser page (the demo room page, clients/web/demo, running the real {@code createRoomsync}) shows, as read
 * from its DOM: the badges next to every member it lists (itself included), its own state (body {@code data-state}:
 * member, admin, muted or banned), whether its chat input is closed and its admin controls shown, and when it last
 * applied a member change.
 *
 * @param user         the viewer the page is logged in as
 * @param listedBadges member to the badges shown next to it ("owner", "admin", "muted", "banned"); a member the page
 *                     never heard of is not listed, and shown as a plain member
 * @param ownState     the page's {@code data-state}
 * @param inputClosed  whether the chat input is disabled
 * @param adminControls whether the admin controls are shown
 * @param changedAt    when the page last applied a member change, epoch ms of this machine's clock; 0 before any
 */
record PageView(String user, Map<String, List<String>> listedBadges, String ownState, boolean inputClosed,
                boolean adminControls, long changedAt) {

    PageView {
        listedBadges = Map.copyOf(listedBadges);
    }

    /** What the page shows of {@code member}: admin (an admin or owner badge), muted, banned; plain when not listed. */
    MemberView of(String member) {
        List<String> badges = listedBadges.getOrDefault(member, List.of());
        return new MemberView(badges.contains("admin") || badges.contains("owner"), badges.contains("muted"),
                badges.contains("banned"));
    }

    /**
     * Where the page's own viewer's screen contradicts {@code truth} about that viewer (the badge beside their own name
     * is compared by {@link #of}): the state it says (banned over muted over admin over member), the chat input
     * (closed exactly when muted or banned) and the admin controls (shown exactly to an admin); empty when it agrees.
     */
    List<String> ownScreenDifferences(MemberView truth) {
        List<String> differences = new ArrayList<>();
        String state = truth.banned() ? "banned" : truth.muted() ? "muted" : truth.admin() ? "admin" : "member";
        if (!state.equals(ownState)) {
            differences.add("shows its viewer as " + ownState + ", not " + state);
        }
        boolean closed = truth.muted() || truth.banned();
        if (inputClosed != closed) {
            differences.add(closed ? "leaves the chat input open" : "keeps the chat input closed");
        }
        if (adminControls != truth.admin()) {
            differences.add(truth.admin() ? "hides the admin controls" : "shows the admin controls");
        }
        return differences;
    }
}
