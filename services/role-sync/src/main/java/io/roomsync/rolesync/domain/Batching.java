package io.roomsync.rolesync.domain;

import io.roomsync.contract.member.MemberCommand;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which of a room's oldest commands one Tencent call carries: the longest run of consecutive commands that ask Tencent
 * the same thing, computed when the call is planned (same API and direction; for mutes and bans the same length in
 * whole seconds from now, as {@link CommandRules#plan} rounds it; for bans the same Description), whose accounts fit
 * in one call of that API ({@link PermissionGateway#accountsPerCall}). A first command naming more accounts than one
 * call takes goes alone (the client sends it in several calls, in order).
 *
 * <p>Only consecutive commands are joined, so a room's commands still reach Tencent in the order they were given: a
 * mute, an unmute and a mute again are three calls. Joining them changes nothing Tencent ends with: each call sets an
 * end state per account, and the accounts of one call get the same one.
 */
public final class Batching {

    private Batching() {
    }

    /** What one call of a command asks Tencent: two commands with the same key can share a call. */
    record Key(CommandRules.TencentAction action, long seconds, String reason) {
    }

    /** The key of {@code command} planned at {@code now} (a valid, unexpired command). */
    static Key key(MemberCommand command, Instant now) {
        CommandRules.Plan plan = CommandRules.plan(command, now);
        return new Key(plan.action(), plan.seconds(),
                plan.action() == CommandRules.TencentAction.BAN ? command.getReason() : null);
    }

    /**
     * How many of {@code oldestFirst} (valid, unexpired commands of one room, oldest first) one call carries: at least
     * 1, at most {@code maxCommands}.
     *
     * @param accountsPerCall Tencent's maximum of accounts per call of the first command's API
     */
    public static int take(List<MemberCommand> oldestFirst, Instant now, int accountsPerCall, int maxCommands) {
        Key first = key(oldestFirst.get(0), now);
        Set<String> accounts = new LinkedHashSet<>(oldestFirst.get(0).getMembers());
        int taken = 1;
        while (taken < Math.min(maxCommands, oldestFirst.size())) {
            MemberCommand next = oldestFirst.get(taken);
            if (!Objects.equals(key(next, now), first)) {
                break;
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
}
