package io.roomsync.rolesync.domain;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * In what order callbacks change a member (issue 14, case 2): by Tencent's {@code EventTime}, not by arrival. Tencent
 * stamps every event in milliseconds ({@code EventTime}, Webhook overview https://trtc.io/document/34354 and each
 * callback's page) but does not promise to deliver in that order, and ingest's replicas publish concurrently; an exit
 * at T delivered before a join at T - 2 s must leave the member out.
 *
 * <p>The rule, per member and per {@link Aspect} (what the change is about): a callback whose {@code EventTime} is
 * older than the newest {@code EventTime} applied to that aspect of that member changes nothing (it is stale); one as
 * new or newer is applied, and its time becomes the newest even when it changed nothing (a join of a member already
 * present still says "present at T", so an exit from before T must not undo it). Aspects are kept apart because they
 * are independent facts: a role change at T says nothing about whether an exit at T - 1 happened. Equal times apply in
 * arrival order. A callback without {@code EventTime} (older bodies) has no time to compare: it is applied in arrival
 * order and moves nothing.
 *
 * <p>Commands and reconcile corrections are ordered apart: they are applied in the room's partition order (a command
 * once Tencent applied it; a callback or observation of a room arriving while commands of the room wait for Tencent
 * waits behind them, see {@link RoleSync}), and neither reads nor moves a callback time. Their times come from role-sync's clock (or Tencent's
 * lists read at some moment), callbacks' from Tencent's event clock; comparing the two would let clock skew decide which
 * fact wins. So a command always takes effect over what callbacks said, and a later callback still takes effect over
 * the command. A callback older than a command that arrives after it (a role change Tencent made before role-sync
 * granted admin, delivered late) is applied; reconcile corrects roles, mutes and bans against Tencent's lists.
 */
public final class CallbackOrder {

    /** What a change is about: callbacks about one aspect of a member are ordered among themselves. */
    public enum Aspect {
        /** In the room or not: joins, exits, online, offline. */
        PRESENCE,
        /** Owner, admin or member: member field changes, a created room's owner. */
        ROLE
    }

    private CallbackOrder() {
    }

    /** The aspects a callback's change is about (a destroyed room clears both); empty for changes no callback makes. */
    public static Set<Aspect> aspects(Change change) {
        if (change instanceof Change.Presence) {
            return EnumSet.of(Aspect.PRESENCE);
        }
        if (change instanceof Change.SetRole) {
            return EnumSet.of(Aspect.ROLE);
        }
        if (change instanceof Change.Cleared) {
            return EnumSet.allOf(Aspect.class);
        }
        return EnumSet.noneOf(Aspect.class);
    }

    /**
     * Whether a callback stamped {@code eventTime} is older than the newest applied to the aspect.
     *
     * @param eventTime the callback's EventTime, or null when it has none (never stale)
     * @param newest    the newest EventTime applied to this aspect of this member, if any
     */
    public static boolean isStale(Instant eventTime, Optional<Instant> newest) {
        return eventTime != null && newest.isPresent() && eventTime.isBefore(newest.get());
    }
}
