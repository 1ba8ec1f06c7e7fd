package io.roomsync.rolesync.domain;

import io.roomsync.contract.Keys;
import io.roomsync.contract.member.ChangeCause;
import io.roomsync.contract.member.CommandOutcome;
import io.roomsync.contract.member.CommandResult;
import io.roomsync.contract.member.MemberCommand;
import io.roomsync.contract.member.MemberState;
import io.roomsync.contract.im.ImEvent;
import io.roomsync.rolesync.internal.ReconcileObservation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * role-sync's decisions, one input at a time, in the order of the room's partition: commands applied to Tencent then
 * recorded, callbacks folded into presence and roles, Tencent's own view reconciled, mutes and bans expired. Every
 * change goes through {@link MemberStates}, so each member's version grows by exactly one per change. Ids already
 * applied are skipped, so a command, event or observation delivered twice changes nothing twice. Callbacks change a
 * member in Tencent's EventTime order, commands in arrival order ({@link CallbackOrder}).
 *
 * <p>A command Tencent fails for a while (see {@link HeldCommands}) is held with every later command of its room and
 * tried again after 1 s, 2 s, 4 s... (at most 30 s apart), until it is applied, Tencent refuses it for good, its mute
 * or ban would have ended, or {@code holdAtMost} has passed since it was requested (then it is FAILED). A failure can
 * hide a success (Tencent applied the call and its answer was lost); applying the command again is harmless, as every
 * command sets an end state.
 */
public final class RoleSync {

    /**
     * What an input produced: member states to publish, command results (at most one, but for a destroyed room, which
     * ends every command held for it, see {@link #onEvent}), how many of a callback's member changes were stale (older
     * than a callback already applied to the member, see {@link CallbackOrder}, or than the end of its room, see
     * {@link StateRetention}; one per member a callback names), and the member keys of a destroyed room whose state was
     * removed (tombstones to publish after {@code states}).
     */
    public record Outputs(List<MemberState> states, List<CommandResult> results, int staleCallbacks,
                          List<String> removedMembers) {
        Outputs(List<MemberState> states, Optional<CommandResult> result) {
            this(states, result.map(List::of).orElse(List.of()), 0, List.of());
        }

        static Outputs none() {
            return new Outputs(List.of(), Optional.empty());
        }

        /** The first command result, if any: the only one of any input but a destroyed room. */
        public Optional<CommandResult> result() {
            return results.stream().findFirst();
        }
    }

    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);

    private final MemberStore store;
    private final HeldCommands held;
    private final PermissionGateway tencent;
    private final CommandRules.Limits limits;
    private final Set<Long> apps;
    private final Duration holdAtMost;

    public RoleSync(MemberStore store, HeldCommands held, PermissionGateway tencent, CommandRules.Limits limits,
                    Set<Long> apps, Duration holdAtMost) {
        this.store = store;
        this.held = held;
        this.tencent = tencent;
        this.limits = limits;
        this.apps = Set.copyOf(apps);
        this.holdAtMost = holdAtMost;
    }

    public Outputs onCommand(MemberCommand command, Instant now) {
        String seenId = "command:" + command.getId();
        if (store.seen(seenId)) {
            return Outputs.none();
        }
        store.remember(seenId, now);
        Optional<CommandRules.Refusal> refusal = CommandRules.validate(command, limits, apps)
                .or(() -> CommandRules.expired(command, now));
        if (refusal.isPresent()) {
            return new Outputs(List.of(), Optional.of(result(command, CommandOutcome.REJECTED, refusal.get().code(),
                    refusal.get().info(), 0, now)));
        }
        String roomKey = roomKey(command);
        if (held.holds(roomKey)) {
            held.hold(roomKey, command);
            return Outputs.none();
        }
        return attempt(command, roomKey, false, now);
    }

    /**
     * Tries the room's oldest held command again: its outputs when it was applied or ended for good, none when
     * Tencent failed it again (it stays first, tried later). Call again while the room holds commands and the
     * last call gave a result.
     */
    public Outputs onRetry(String roomKey, Instant now) {
        Optional<MemberCommand> first = held.first(roomKey);
        if (first.isEmpty()) {
            return Outputs.none();
        }
        MemberCommand command = first.get();
        Optional<CommandRules.Refusal> expired = CommandRules.expired(command, now);
        if (expired.isPresent()) {
            int calls = held.calls(roomKey);
            held.release(roomKey);
            return new Outputs(List.of(), Optional.of(result(command, CommandOutcome.REJECTED, expired.get().code(),
                    expired.get().info(), calls, now)));
        }
        return attempt(command, roomKey, true, now);
    }

    /**
     * One try of {@code command}. A result's {@code attempts} is every Tencent call made for the command: the calls of
     * this try plus, for a held command, those of its earlier tries (CommandResult.attempts: "Calls made to Tencent for
     * this command").
     */
    private Outputs attempt(MemberCommand command, String roomKey, boolean isHeld, Instant now) {
        CommandRules.Plan plan = CommandRules.plan(command, now);
        int earlierCalls = isHeld ? held.calls(roomKey) : 0;
        int calls;
        try {
            calls = earlierCalls + tencent.apply(command.getSdkAppId(), command.getRoom(), command.getMembers(), plan,
                    command.getReason());
        } catch (PermissionGateway.Refused refused) {
            calls = earlierCalls + refused.attempts();
            boolean heldLongEnough = !command.getRequestedAt().plus(holdAtMost).isAfter(now);
            if (!refused.permanent() && !heldLongEnough) {
                if (!isHeld) {
                    held.hold(roomKey, command);
                }
                int failures = held.failures(roomKey) + 1;
                held.retryAt(roomKey, now.plus(backoff(failures)), failures, calls);
                return Outputs.none();
            }
            if (isHeld) {
                held.release(roomKey);
            }
            CommandOutcome outcome = refused.permanent() ? CommandOutcome.REJECTED : CommandOutcome.FAILED;
            return new Outputs(List.of(), Optional.of(result(command, outcome, refused.code(), refused.info(),
                    calls, now)));
        }
        if (isHeld) {
            held.release(roomKey);
        }
        Cause cause = new Cause(command.getId(), ChangeCause.COMMAND, now);
        List<MemberState> changed = new ArrayList<>();
        for (String member : new HashSet<>(command.getMembers())) {
            change(command.getSdkAppId(), command.getRoom(), member, plan.change(), cause).ifPresent(changed::add);
        }
        return new Outputs(changed, Optional.of(result(command, CommandOutcome.APPLIED, null, null, calls, now)));
    }

    /** The room a command belongs to, as held commands are keyed. */
    public static String roomKey(MemberCommand command) {
        return Keys.appRoom(command.getSdkAppId(), command.getRoom());
    }

    static Duration backoff(int failures) {
        Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 10));
        return wait.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait;
    }

    /**
     * A callback's changes. Most callbacks are chat messages, which change no member: they are dropped before the
     * applied-ids store is read or written (a store write and a changelog record per chat message cost role-sync half
     * a core at 3,000 callbacks/s on the bench machine). A member change older than the newest callback applied to the
     * same aspect of the member changes nothing and is counted in {@link Outputs#staleCallbacks} ({@link CallbackOrder});
     * so does every change of a callback stamped before its room last ended ({@link StateRetention}). A destroyed room
     * ends the room: {@link #endRoom}.
     */
    public Outputs onEvent(ImEvent event, Instant now) {
        boolean destroys = EventChanges.destroysRoom(event);
        List<MemberChange> changes = EventChanges.of(event);
        if (event.getRoom() == null || (changes.isEmpty() && !destroys)) {
            return Outputs.none();
        }
        String seenId = "event:" + event.getId();
        if (store.seen(seenId)) {
            return Outputs.none();
        }
        store.remember(seenId, now);
        if (destroys) {
            return endRoom(event, now);
        }
        Instant eventTime = event.getEventTime();
        if (StateRetention.beforeRoomEnd(eventTime, store.roomEnded(event.getSdkAppId(), event.getRoom()))) {
            return new Outputs(List.of(), List.of(), changes.size(), List.of());
        }
        Cause cause = new Cause(event.getId(), ChangeCause.EVENT, now);
        List<MemberState> changed = new ArrayList<>();
        int stale = 0;
        for (MemberChange memberChange : changes) {
            String key = Keys.member(event.getSdkAppId(), event.getRoom(), memberChange.member());
            Set<CallbackOrder.Aspect> aspects = CallbackOrder.aspects(memberChange.change());
            if (aspects.stream().anyMatch(aspect -> CallbackOrder.isStale(eventTime, store.newestCallback(key, aspect)))) {
                stale++;
                continue;
            }
            change(event.getSdkAppId(), event.getRoom(), memberChange.member(), memberChange.change(), cause)
                    .ifPresent(changed::add);
            if (eventTime != null) {
                aspects.forEach(aspect -> store.callbackApplied(key, aspect, eventTime));
            }
        }
        return new Outputs(changed, List.of(), stale, List.of());
    }

    /**
     * A destroyed room ({@code Group.CallbackAfterGroupDestroyed}) at its {@code EventTime} (role-sync's {@code now}
     * when it has none). Every member the ended room had is first cleared (states with cause {@code ROOM_DESTROYED},
     * for members whose permissions or presence change), then forgotten: its state, callback times and pending expiries
     * are removed, and its key comes out in {@link Outputs#removedMembers} (a tombstone on the member-state topic, after
     * the cleared states). Members of a room Tencent created again with the same id since are kept
     * ({@link StateRetention#ofLaterRoom}: a destroy delivered after the new room's first callbacks ends only the old
     * room); a destroy without {@code EventTime} (older bodies) has no time to tell them by and ends every member. Commands held for the room that were requested before it ended are ended too, {@code REJECTED} with
     * {@link CommandRules#ROOM_ENDED}: Tencent would refuse them for the room (10010) or, worse, apply them to the new
     * room. The room's end time is kept (unless a later end is), for late callbacks, until {@link StateRetention}
     * forgets it; a new room with the same id starts clean, its members at version 1.
     */
    private Outputs endRoom(ImEvent event, Instant now) {
        long app = event.getSdkAppId();
        String room = event.getRoom();
        Instant endedAt = event.getEventTime() != null ? event.getEventTime() : now;
        Cause cause = new Cause(event.getId(), ChangeCause.ROOM_DESTROYED, now);
        List<MemberState> changed = new ArrayList<>();
        List<String> ofEndedRoom = new ArrayList<>();
        store.room(app, room).forEach((member, state) -> {
            String key = Keys.member(app, room, member);
            List<Instant> callbackTimes = java.util.Arrays.stream(CallbackOrder.Aspect.values())
                    .flatMap(aspect -> store.newestCallback(key, aspect).stream()).toList();
            if (event.getEventTime() == null || !StateRetention.ofLaterRoom(state, callbackTimes, endedAt)) {
                change(app, room, member, new Change.Cleared(), cause).ifPresent(changed::add);
                ofEndedRoom.add(key);
            }
        });
        List<String> removed = store.forgetMembers(ofEndedRoom);
        if (event.getEventTime() != null && !StateRetention.beforeRoomEnd(endedAt, store.roomEnded(app, room))) {
            store.roomEnded(app, room, endedAt);
        }
        return new Outputs(changed, endHeldCommands(Keys.appRoom(app, room), endedAt, now), 0, removed);
    }

    /**
     * Ends the room's held commands requested before {@code endedAt}, oldest first, while they lead the queue (held
     * commands keep their arrival order; a command requested after the end is for a room created again, and it and
     * every command behind it stay held).
     */
    private List<CommandResult> endHeldCommands(String roomKey, Instant endedAt, Instant now) {
        List<CommandResult> results = new ArrayList<>();
        Optional<MemberCommand> first = held.first(roomKey);
        while (first.isPresent() && first.get().getRequestedAt().isBefore(endedAt)) {
            int calls = held.calls(roomKey);
            held.release(roomKey);
            results.add(result(first.get(), CommandOutcome.REJECTED, CommandRules.ROOM_ENDED,
                    "the room was destroyed at " + endedAt + " before the command could be applied", calls, now));
            first = held.first(roomKey);
        }
        return results;
    }

    public Outputs onObservation(ReconcileObservation observation, Instant now) {
        String seenId = "observation:" + observation.getId();
        if (store.seen(seenId)) {
            return Outputs.none();
        }
        store.remember(seenId, now);
        Reconciliation.Observation observed = new Reconciliation.Observation(Set.copyOf(observation.getAdmins()),
                new HashMap<>(observation.getMutedUntil()), new HashMap<>(observation.getBannedUntil()),
                observation.getObservedAt());
        Map<String, MemberState> known = store.room(observation.getSdkAppId(), observation.getRoom());
        Cause cause = new Cause(observation.getId(), ChangeCause.RECONCILE, now);
        List<MemberState> changed = new ArrayList<>();
        for (MemberChange correction : Reconciliation.corrections(known, observed)) {
            change(observation.getSdkAppId(), observation.getRoom(), correction.member(), correction.change(), cause)
                    .ifPresent(changed::add);
        }
        return new Outputs(changed, Optional.empty());
    }

    /** A mute or ban of this member may have run out. */
    public Outputs onExpiry(String memberKey, Instant now) {
        Optional<MemberState> state = store.get(memberKey);
        if (state.isEmpty()) {
            return Outputs.none();
        }
        MemberState current = state.get();
        Cause cause = new Cause("expiry:" + memberKey + ":" + now.toEpochMilli(), ChangeCause.EXPIRY, now);
        return new Outputs(change(current.getSdkAppId(), current.getRoom(), current.getMember(), new Change.Expire(now), cause)
                .map(List::of).orElse(List.of()), Optional.empty());
    }

    private Optional<MemberState> change(long app, String room, String member, Change change, Cause cause) {
        String key = Keys.member(app, room, member);
        MemberState current = store.get(key).orElseGet(() -> MemberStates.initial(app, room, member));
        Optional<MemberState> next = MemberStates.apply(current, change, cause);
        next.ifPresent(state -> {
            store.put(key, state);
            if (state.getMutedUntil() != null && !state.getMutedUntil().equals(current.getMutedUntil())) {
                store.expireAt(state.getMutedUntil(), key);
            }
            if (state.getBannedUntil() != null && !state.getBannedUntil().equals(current.getBannedUntil())) {
                store.expireAt(state.getBannedUntil(), key);
            }
        });
        return next;
    }

    private static CommandResult result(MemberCommand command, CommandOutcome outcome, Integer code, String info,
                                        int attempts, Instant now) {
        return CommandResult.newBuilder().setCommandId(command.getId()).setSdkAppId(command.getSdkAppId())
                .setRoom(command.getRoom()).setMembers(command.getMembers())
                .setAction(command.getAction() == null ? "UNKNOWN" : command.getAction().name())
                .setOutcome(outcome).setErrorCode(code).setErrorInfo(info).setAttempts(attempts).setCompletedAt(now).build();
    }
}
