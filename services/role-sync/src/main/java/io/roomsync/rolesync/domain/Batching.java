package io.roomsync.rolesync.domain;

import io.roomsync.contract.member.MemberCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which of a room's oldest commands one Tencent call carries: the longest run of consecutive commands that ask Tencent
 * the same thing (same API and direction; for bans the same Description), for mutes and bans with ends that fall
 * within {@link #SAME_END} of each other, whose accounts fit in one call of that API
 * ({@link PermissionGateway#accountsPerCall}). A first command naming more accounts than one call takes goes alone
 * (the client sends it in several calls, in order).
 *
 * <h2>Ends within one Tencent second</h2>
 * Tencent takes a mute's {@code MuteTime} (forbid_send_msg) and a ban's {@code Duration} (ban_group_member) in whole
 * seconds from when it applies the call, one value for every account of the call. Commands carry their own
 * {@code requestedAt}, so the mutes of a spam wave, given a few ms apart, end a few ms apart: they share a call when
 * the latest of their ends is less than 1 s after the earliest. The call asks for the latest end, rounded up to whole
 * seconds ({@link #seconds}): no member of a batch is muted or banned for less than asked; one may stay muted at
 * Tencent up to 1 s after its own end (2 s with Tencent's rounding), which reconcile does not correct
 * ({@link MemberStates}). Each member's state, and its expiry, keep the member's own end.
 *
 * <p>Only consecutive commands are joined, so a room's commands still reach Tencent in the order they were given: a
 * mute, an unmute and a mute again are three calls. Joining them changes nothing Tencent ends with but the end's
 * rounding: each call sets an end state per account.
 */
public final class Batching {

    /** Mute and ban ends share a call when the latest is less than this after the earliest (Tencent's granularity). */
    static final Duration SAME_END = Duration.ofSeconds(1);

    private Batching() {
    }

    /** What one call of a command asks Tencent apart from its accounts and length: equal keys can share a call. */
    record Key(CommandRules.TencentAction action, String reason) {
    }

    /** The key of {@code command} (a valid command). */
    static Key key(MemberCommand command, Instant now) {
        CommandRules.TencentAction action = CommandRules.plan(command, now).action();
        return new Key(action, action == CommandRules.TencentAction.BAN ? command.getReason() : null);
    }

    /**
     * How many of {@code oldestFirst} (valid, unexpired commands of one room, oldest first) one call carries: at least
     * 1, at most {@code maxCommands}.
     *
     * @param now             when the call is planned
     * @param accountsPerCall Tencent's maximum of accounts per call of the first command's API
     */
    public static int take(List<MemberCommand> oldestFirst, Instant now, int accountsPerCall, int maxCommands) {
        MemberCommand firstCommand = oldestFirst.get(0);
        Key first = key(firstCommand, now);
        boolean timed = isTimed(first.action());
        Instant earliest = timed ? CommandRules.end(firstCommand) : null;
        Instant latest = earliest;
        Set<String> accounts = new LinkedHashSet<>(firstCommand.getMembers());
        int taken = 1;
        while (taken < Math.min(maxCommands, oldestFirst.size())) {
            MemberCommand next = oldestFirst.get(taken);
            if (!Objects.equals(key(next, now), first)) {
                break;
            }
            if (timed) {
                Instant end = CommandRules.end(next);
                Instant joinedEarliest = end.isBefore(earliest) ? end : earliest;
                Instant joinedLatest = end.isAfter(latest) ? end : latest;
                if (Duration.between(joinedEarliest, joinedLatest).compareTo(SAME_END) >= 0) {
                    break;
                }
                earliest = joinedEarliest;
                latest = joinedLatest;
            }
            Set<String> joined = new LinkedHashSet<>(accounts);
            joined.addAll(next.getMembers());
            if (joined.size() > accountsPerCall) {
                break;
            }
            accounts = joined;
            taken++;
        }
        return taken;
    }

    /**
     * What the call of {@code batch} (as {@link #take} chose it) asks Tencent for, planned at {@code now}: for mutes
     * and bans the latest end of the batch in whole seconds from {@code now}, rounded up (at least 1); 0 otherwise.
     */
    public static long seconds(List<MemberCommand> batch, Instant now) {
        if (!isTimed(key(batch.get(0), now).action())) {
            return 0;
        }
        Instant latest = batch.stream().map(CommandRules::end).max(Instant::compareTo).orElseThrow();
        return CommandRules.remaining(latest, now);
    }

    private static boolean isTimed(CommandRules.TencentAction action) {
        return action == CommandRules.TencentAction.MUTE || action == CommandRules.TencentAction.BAN;
    }
}
