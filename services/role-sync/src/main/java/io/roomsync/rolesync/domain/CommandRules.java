package io.roomsync.rolesync.domain;

import io.roomsync.contract.Ids;
import io.roomsync.contract.member.MemberAction;
import io.roomsync.contract.member.MemberCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * What a member command may ask, and what it means. A command roomsync refuses before calling Tencent gets one of
 * roomsync's own (negative) codes; a command it accepts becomes part of a Tencent call ({@link Batching}) and one
 * change per member.
 *
 * <p>Mute and ban ends are computed from the command's {@code requestedAt}, not from when it is applied, so a
 * command processed twice (after a crash) means the same end both times; Tencent is asked for what remains of it.
 */
public final class CommandRules {

    /** roomsync's refusal codes (negative, so they never collide with Tencent's). */
    public static final int UNKNOWN_ACTION = -10;
    public static final int INVALID_ROOM = -11;
    public static final int INVALID_MEMBER = -12;
    public static final int INVALID_DURATION = -13;
    public static final int UNKNOWN_APP = -14;
    public static final int EXPIRED_BEFORE_APPLIED = -15;
    public static final int NO_MEMBERS = -16;
    /** The room was destroyed before the command (queued, in flight or held while Tencent failed) could be applied. */
    public static final int ROOM_ENDED = -17;

    /**
     * @param maxMute    longest mute accepted
     * @param maxBan     longest ban accepted
     * @param maxMembers most members one command may name
     */
    public record Limits(Duration maxMute, Duration maxBan, int maxMembers) {
    }

    /** A refusal: roomsync's code and why. */
    public record Refusal(int code, String info) {
    }

    /** What to ask Tencent for, in Tencent's terms. */
    public enum TencentAction { GRANT_ADMIN, REVOKE_ADMIN, MUTE, UNMUTE, BAN, UNBAN }

    /**
     * An accepted command: the Tencent call ({@code seconds} for mutes and bans: what remains from now) and the change
     * each member gets once Tencent said OK.
     */
    public record Plan(TencentAction action, long seconds, Change change) {
    }

    private CommandRules() {
    }

    /** Why the command cannot be applied, checked before anything is called; empty when it can. */
    public static Optional<Refusal> validate(MemberCommand command, Limits limits, Set<Long> apps) {
        if (!apps.contains(command.getSdkAppId())) {
            return refuse(UNKNOWN_APP, "app " + command.getSdkAppId() + " is not served here");
        }
        if (!Ids.isValidGroupId(command.getRoom())) {
            return refuse(INVALID_ROOM, "room must be 1-48 bytes of printable ASCII");
        }
        if (command.getMembers().isEmpty()) {
            return refuse(NO_MEMBERS, "a command names at least one member");
        }
        if (command.getMembers().size() > limits.maxMembers()) {
            return refuse(NO_MEMBERS, "a command names at most " + limits.maxMembers() + " members");
        }
        for (String member : command.getMembers()) {
            if (!Ids.isValidUserId(member)) {
                return refuse(INVALID_MEMBER, "member '" + member + "' is not a valid user id");
            }
        }
        MemberAction action = command.getAction();
        if (action == null || action == MemberAction.UNKNOWN) {
            return refuse(UNKNOWN_ACTION, "unknown action");
        }
        if (action == MemberAction.MUTE || action == MemberAction.BAN) {
            Long seconds = command.getDurationSeconds();
            Duration max = action == MemberAction.MUTE ? limits.maxMute() : limits.maxBan();
            if (seconds == null || seconds <= 0 || seconds > max.toSeconds()) {
                return refuse(INVALID_DURATION, action + " needs durationSeconds between 1 and " + max.toSeconds());
            }
        }
        return Optional.empty();
    }

    /** The Tencent call and the member change of a valid command, applied at {@code now}. */
    public static Plan plan(MemberCommand command, Instant now) {
        return switch (command.getAction()) {
            case GRANT_ADMIN -> new Plan(TencentAction.GRANT_ADMIN, 0, new Change.GrantAdmin());
            case REVOKE_ADMIN -> new Plan(TencentAction.REVOKE_ADMIN, 0, new Change.RevokeAdmin());
            case MUTE -> {
                Instant until = end(command);
                yield new Plan(TencentAction.MUTE, remaining(until, now), new Change.MuteUntil(until));
            }
            case UNMUTE -> new Plan(TencentAction.UNMUTE, 0, new Change.Unmute());
            case BAN -> {
                Instant until = end(command);
                yield new Plan(TencentAction.BAN, remaining(until, now), new Change.BanUntil(until));
            }
            case UNBAN -> new Plan(TencentAction.UNBAN, 0, new Change.Unban());
            case UNKNOWN -> throw new IllegalArgumentException("validate first: unknown action");
        };
    }

    /** A timed command that arrives after its end would apply nothing: refused rather than re-muting for 0 s. */
    public static Optional<Refusal> expired(MemberCommand command, Instant now) {
        MemberAction action = command.getAction();
        if ((action == MemberAction.MUTE || action == MemberAction.BAN) && !end(command).isAfter(now)) {
            return refuse(EXPIRED_BEFORE_APPLIED, action + " ended at " + end(command) + ", before it could be applied");
        }
        return Optional.empty();
    }

    /** When a mute or ban ends: its {@code requestedAt} plus its {@code durationSeconds}. */
    static Instant end(MemberCommand command) {
        return command.getRequestedAt().plusSeconds(command.getDurationSeconds());
    }

    /** Whole seconds from {@code now} to {@code until}, rounded up (at least 1): Tencent's MuteTime or ban Duration. */
    static long remaining(Instant until, Instant now) {
        long millis = Duration.between(now, until).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    private static Optional<Refusal> refuse(int code, String info) {
        return Optional.of(new Refusal(code, info));
    }
}
