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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * role-sync's decisions, one input at a time, in the order of the room's partition: commands queued for Tencent and
 * recorded once Tencent applied them, callbacks folded into presence and roles, Tencent's own view reconciled, mutes and
 * bans expired. Every change goes through {@link MemberStates}, so each member's version grows by exactly one per
 * change. Ids already applied are skipped, so a command, event or observation delivered twice changes nothing twice.
 * Callbacks change a member in Tencent's EventTime order, commands in arrival order ({@link CallbackOrder}).
 *
 * <h2>Commands: queued per room, sent in batches, answered later</h2>
 * An accepted command goes to its room's queue ({@link RoomQueues}); nothing is called while an input is processed.
 * {@link #startCalls} (the processor's short punctuator) plans one {@link Call} per room whose oldest entry is a
 * command, that has no call in flight and no retry wait pending, while {@code slots} (the process's bound on calls in
 * flight) allow: the longest run of its oldest commands one Tencent call can carry ({@link Batching}). A room in a
 * burst (two commands or more to send, one that came while its call was in flight, or a previous call of several)
 * waits until {@code batchWindow} after its previous call became ready (before any permit or slot wait) for its next batch to grow, unless that batch
 * is full or asks something else than that call ({@link #waitsForBatch}). A call that would wait for the rate limiter's permit is not planned at all
 * ({@link CallPermits}): a call planned at once would carry only what its room had then, and what arrives while it
 * waits would wait for it and then for a permit of its own, twice the limiter's queue; unplanned, the room's next
 * call takes everything that arrived until a permit is free. The call runs elsewhere; its answer is applied by
 * {@link #onApplied} or {@link #onRefused}, and only then are states and results made and the commands removed from
 * the queue. Which rooms have a call in flight is kept in memory only: a new
 * instance (after a crash, a restart, a task migration) starts with none in flight and sends each room's oldest
 * commands again ({@link #resume}); that is harmless, as every call sets an end state, and nothing comes out twice, as
 * outputs are made only when an answer is applied, in the same transaction as the queue's change.
 *
 * <p>Every command of a call gets its own result. Its {@code attempts} are the Tencent calls made since the room's
 * oldest entry last changed: the failed tries of the room's oldest commands and the call that ended it (a command that
 * joined the batch on a later try counts the earlier tries too; every command of one call has the same count).
 *
 * <h2>Order within a room</h2>
 * A member-changing callback (other than a room's destruction) or a reconcile observation of a room with anything
 * queued joins the queue behind it and is applied when it is the oldest entry, right after the calls before it were
 * answered: the room's changes keep the order of its partition, as {@link CallbackOrder} requires of commands and
 * callbacks (a revoke made at Tencent after role-sync's grant must not be undone by the grant's late answer). A room
 * with nothing queued applies them at once; chat messages never wait (they change no member and are dropped first).
 *
 * <h2>Failures</h2>
 * A call Tencent fails for a while (a retryable code after every retry of the client, no answer, the circuit breaker
 * open) leaves its commands first in the queue, with every later input of the room behind them, tried again after
 * 1 s, 2 s, 4 s... (at most 30 s apart); other rooms' calls go on. A command ends when it is applied, when Tencent
 * refuses it for good (REJECTED with Tencent's code), when its mute or ban would have ended (REJECTED, {@link
 * CommandRules#expired}), or when a call still fails once {@code holdAtMost} has passed since it was requested (FAILED).
 * A failure can hide a success (Tencent applied the call and its answer was lost); applying it again is harmless.
 * Tencent refusing a batch of several commands for good may be the fault of one of them (a 6th admin): the batch's
 * commands are then sent one per call, so each gets its own answer; a refusal of a single command is its result.
 */
public final class RoleSync {

    /**
     * What an input or an answer produced: member states to publish, command results (each command's once, oldest
     * first), how many of a callback's member changes were stale (older than a callback already applied to the member,
     * see {@link CallbackOrder}, or than the end of its room, see {@link StateRetention}; one per member a callback
     * names), and the member keys of a destroyed room whose state was removed (tombstones to publish after
     * {@code states}).
     */
    public record Outputs(List<MemberState> states, List<CommandResult> results, int staleCallbacks,
                          List<String> removedMembers) {
        public Outputs {
            states = List.copyOf(states);
            results = List.copyOf(results);
            removedMembers = List.copyOf(removedMembers);
        }

        Outputs(List<MemberState> states) {
            this(states, List.of(), 0, List.of());
        }

        static Outputs none() {
            return new Outputs(List.of());
        }

        static Outputs of(CommandResult result) {
            return new Outputs(List.of(), List.of(result), 0, List.of());
        }

        /** The first command result, if any (the only one of a command refused at once). */
        public Optional<CommandResult> result() {
            return results.stream().findFirst();
        }

        /** These outputs, then {@code later}'s. */
        public Outputs and(Outputs later) {
            if (later.equals(none())) {
                return this;
            }
            List<MemberState> allStates = new ArrayList<>(states);
            allStates.addAll(later.states);
            List<CommandResult> allResults = new ArrayList<>(results);
            allResults.addAll(later.results);
            List<String> allRemoved = new ArrayList<>(removedMembers);
            allRemoved.addAll(later.removedMembers);
            return new Outputs(allStates, allResults, staleCallbacks + later.staleCallbacks, allRemoved);
        }
    }

    /**
     * What {@link #startCalls} decided: outputs of inputs that were waiting behind answered calls (and of commands
     * refused as expired), the calls to start, how many rooms had a call to start but no slot, and how many had one
     * that would have waited for the rate limiter's permit ({@link CallPermits}).
     */
    public record Step(Outputs outputs, List<Call> calls, int roomsWaitingForSlot, int roomsWaitingForPermit) {
    }

    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);
    /** No call carries more commands than Tencent's largest per-call list (forbid_send_msg, 500 accounts). */
    static final int MOST_COMMANDS_PER_CALL = 500;

    private final MemberStore store;
    private final RoomQueues queues;
    private final PermissionGateway tencent;
    private final CommandRules.Limits limits;
    private final Set<Long> apps;
    private final Duration holdAtMost;
    private final Duration batchWindow;
    /** Rooms whose call is in flight (memory only: a new instance sends again). */
    private final Set<String> inFlight = new HashSet<>();
    /**
     * Each room's last call, while it was planned less than {@code batchWindow} ago ({@link #waitsForBatch}). Memory
     * only, as all that follows: a new instance sends at once, as an idle room would.
     */
    private final Map<String, Planned> lastPlanned = new HashMap<>();

    /**
     * When a room's last call was planned, whether it carried several commands (the room was in a burst), and what it
     * asked Tencent.
     */
    private record Planned(Instant at, boolean batch, Batching.Key key) {
    }
    /**
     * When each room whose next call waits for a permit or a slot first became ready to send it (its batch no longer
     * waiting for the window). That call's window for the room's next batch counts from then, not from when it got its
     * permit: the permit wait already let the batch grow, and counting it twice made a room's cycle the window plus the
     * wait when every room's calls share one API's permits. Memory only.
     */
    private final Map<String, Instant> readySince = new HashMap<>();
    /** Rooms to which a command came while their call was in flight (since that call was planned). */
    private final Set<String> arrivedInFlight = new HashSet<>();
    /** Rooms whose next call waits for its batch to grow ({@link #waitsForBatch}). */
    private final Map<String, BatchWait> batchWaits = new HashMap<>();

    /**
     * A room's next call waiting for its batch to grow: until when, what it asks Tencent, and how many accounts could
     * still join it before it is full. A command arriving meanwhile that asks the same and cannot fill it does not make
     * the room be looked at again before {@code until} (reading a room's queue per arrival costs more than the wait
     * saves); one that asks something else, or could fill it, does. (A mute whose end {@link Batching} keeps out of the
     * batch is not looked for: it and the batch go when the window ends.)
     */
    private record BatchWait(Instant until, Batching.Key key, int accountsLeft) {
    }
    /** Rooms that may have something to apply or send: looked at by the next {@link #startCalls}, in this order. */
    private final Set<String> toLookAt = new LinkedHashSet<>();
    /** Rooms whose next commands go one per call (how many more), after Tencent refused a batch of them for good. */
    private final Map<String, Integer> oneByOne = new HashMap<>();
    /**
     * Rooms whose next call found no permit ({@link CallPermits}), with what it asks: while a step has found none for
     * that, the room is passed over without reading its queue (its head, hence its call's API, does not change by
     * arrivals). Memory only.
     */
    private final Map<String, PermitWait> waitingForPermit = new HashMap<>();
    /**
     * Rooms that stopped waiting for a permit between steps (their room ended), with what they waited for: the next
     * step withdraws their turns ({@link CallPermits#leaves}), as it does at once for a room it finds no longer waiting.
     */
    private final Map<String, PermitWait> leftPermitWait = new HashMap<>();

    /** The app and action a room's next call waits for a permit of. */
    private record PermitWait(long sdkAppId, CommandRules.TencentAction action) {
    }

    /**
     * @param tencent     asked only how many accounts a call takes; calls are started by the caller of {@link #startCalls}
     * @param holdAtMost  how long after it was requested a command Tencent keeps failing is tried again
     * @param batchWindow how long after a room's previous call became ready to plan (before its permit or slot wait) its next call waits for more commands while
     *                    the room is in a burst ({@link #waitsForBatch}; zero: never waits)
     */
    public RoleSync(MemberStore store, RoomQueues queues, PermissionGateway tencent, CommandRules.Limits limits,
                    Set<Long> apps, Duration holdAtMost, Duration batchWindow) {
        this.store = store;
        this.queues = queues;
        this.tencent = tencent;
        this.limits = limits;
        this.apps = Set.copyOf(apps);
        this.holdAtMost = holdAtMost;
        this.batchWindow = batchWindow;
    }

    /** As the full constructor, with no batch window: a call starts as soon as the room has no call in flight. */
    public RoleSync(MemberStore store, RoomQueues queues, PermissionGateway tencent, CommandRules.Limits limits,
                    Set<Long> apps, Duration holdAtMost) {
        this(store, queues, tencent, limits, apps, holdAtMost, Duration.ZERO);
    }

    /** A new instance takes over the stores: every room with something queued is looked at again (its oldest commands sent again). */
    public void resume() {
        toLookAt.addAll(queues.rooms());
    }

    /** Accepts a command into its room's queue, or refuses it at once (REJECTED: invalid, expired); a repeat does nothing. */
    public Outputs onCommand(MemberCommand command, Instant now) {
        String seenId = "command:" + command.getId();
        if (store.seen(seenId)) {
            return Outputs.none();
        }
        store.remember(seenId, now);
        Optional<CommandRules.Refusal> refusal = CommandRules.validate(command, limits, apps)
                .or(() -> CommandRules.expired(command, now));
        if (refusal.isPresent()) {
            return Outputs.of(result(command, CommandOutcome.REJECTED, refusal.get().code(), refusal.get().info(), 0, now));
        }
        String roomKey = roomKey(command);
        queues.append(roomKey, command);
        if (inFlight.contains(roomKey)) {
            arrivedInFlight.add(roomKey);
        }
        BatchWait wait = batchWaits.get(roomKey);
        Batching.Key key = Batching.key(command, now);
        int accounts = command.getMembers().size();
        if (wait != null && wait.key().equals(key) && accounts < wait.accountsLeft()) {
            batchWaits.put(roomKey, new BatchWait(wait.until(), key, wait.accountsLeft() - accounts));
        } else {
            toLookAt.add(roomKey);
        }
        return Outputs.none();
    }

    /** The rooms whose retry wait has ended are looked at again by the next {@link #startCalls}. */
    public void retryDue(Instant now) {
        toLookAt.addAll(queues.due(now));
    }

    /** As {@link #startCalls(Instant, BooleanSupplier, CallPermits)} with every call permitted at once. */
    public Step startCalls(Instant now, BooleanSupplier slots) {
        return startCalls(now, slots, CallPermits.UNLIMITED);
    }

    /**
     * Applies what waited behind answered calls and plans the calls to start now, one per room at most, each taking
     * a slot ({@code slots} answers false when none is left: the remaining rooms wait for the next step), then a permit
     * booked by {@code permits}, which the call carries to the gateway (none left for its API: the room waits, its
     * batch growing, and the slot it took is not used: the caller gives back every slot of the step no call was
     * planned with). Rooms are looked at in the order they became ready to send, so a room that waited for a permit or
     * a slot goes before those that became ready after it.
     */
    public Step startCalls(Instant now, BooleanSupplier slots, CallPermits permits) {
        Outputs outputs = Outputs.none();
        List<Call> calls = new ArrayList<>();
        int waitingForSlot = 0;
        int permitWaits = 0;
        batchWaits.forEach((roomKey, wait) -> {
            if (!wait.until().isAfter(now)) {
                toLookAt.add(roomKey);
            }
        });
        lastPlanned.values().removeIf(planned -> !planned.at().plus(batchWindow).isAfter(now));
        leftPermitWait.forEach((roomKey, left) -> permits.leaves(left.sdkAppId(), left.action(), roomKey));
        leftPermitWait.clear();
        Set<PermitWait> spent = new HashSet<>();
        for (String roomKey : List.copyOf(toLookAt)) {
            PermitWait waited = waitingForPermit.get(roomKey);
            if (waited != null && spent.contains(waited)) {
                permits.waits(waited.sdkAppId(), waited.action(), roomKey, readySince.getOrDefault(roomKey, now));
                permitWaits++;
                continue;
            }
            Advance advance = advance(roomKey, now, slots, waitingForSlot > 0, permits, waited);
            if (waited != null && advance.call().isEmpty() && advance.waitsForPermit().isEmpty()) {
                // It no longer waits for a permit (its queue emptied, it is held back or waits for its batch or a
                // slot): its turn holds no other task's rooms back. It keeps its readiness here, so a claim it makes
                // again stands where this one stood.
                permits.leaves(waited.sdkAppId(), waited.action(), roomKey);
            }
            outputs = outputs.and(advance.outputs());
            advance.call().ifPresent(calls::add);
            if (advance.waitsForSlot()) {
                waitingForSlot++;
            }
            if (advance.waitsForPermit().isPresent()) {
                spent.add(advance.waitsForPermit().get());
                permitWaits++;
            }
        }
        return new Step(outputs, calls, waitingForSlot, permitWaits);
    }

    private record Advance(Outputs outputs, Optional<Call> call, boolean waitsForSlot, Optional<PermitWait> waitsForPermit) {
        Advance(Outputs outputs, Optional<Call> call, boolean waitsForSlot) {
            this(outputs, call, waitsForSlot, Optional.empty());
        }
    }

    /**
     * Applies the room's oldest callbacks and observations, refuses its expired commands, then plans its next call,
     * unless it waits for its batch to grow ({@link #waitsForBatch}). The queue's head is read once per
     * {@value #MOST_COMMANDS_PER_CALL} entries applied, not once per entry (a wave of callbacks queued behind a call
     * would otherwise cost a read of up to {@value #MOST_COMMANDS_PER_CALL} entries each). {@code waited}: the permit
     * the room waited for at the last step (null: none), whose turn it leaves if its call now asks for another.
     */
    private Advance advance(String roomKey, Instant now, BooleanSupplier slots, boolean noSlotLeft, CallPermits permits,
                            PermitWait waited) {
        Outputs outputs = Outputs.none();
        waitingForPermit.remove(roomKey);
        while (true) {
            if (inFlight.contains(roomKey)) {
                toLookAt.remove(roomKey);
                return new Advance(outputs, Optional.empty(), false);
            }
            List<RoomQueues.Queued> head = queues.head(roomKey, MOST_COMMANDS_PER_CALL);
            if (head.isEmpty()) {
                toLookAt.remove(roomKey);
                oneByOne.remove(roomKey);
                arrivedInFlight.remove(roomKey);
                batchWaits.remove(roomKey);
                readySince.remove(roomKey);
                return new Advance(outputs, Optional.empty(), false);
            }
            int firstCommand = 0;
            while (firstCommand < head.size() && !(head.get(firstCommand).input() instanceof MemberCommand)) {
                outputs = outputs.and(applyQueued(roomKey, head.get(firstCommand), now));
                firstCommand++;
            }
            if (firstCommand == head.size()) {
                continue;
            }
            RoomQueues.Tries tries = queues.tries(roomKey);
            if (tries.retryAt().isAfter(now)) {
                toLookAt.remove(roomKey);
                return new Advance(outputs, Optional.empty(), false);
            }
            List<RoomQueues.Queued> run = new ArrayList<>();
            for (RoomQueues.Queued queued : head.subList(firstCommand, head.size())) {
                if (!(queued.input() instanceof MemberCommand command)) {
                    break;
                }
                Optional<CommandRules.Refusal> expired = CommandRules.expired(command, now);
                if (expired.isPresent()) {
                    queues.remove(roomKey, queued);
                    outputs = outputs.and(Outputs.of(result(command, CommandOutcome.REJECTED, expired.get().code(),
                            expired.get().info(), tries.calls(), now)));
                    if (run.isEmpty()) {
                        forgetTries(roomKey);
                    }
                } else {
                    run.add(queued);
                }
            }
            if (run.isEmpty()) {
                continue;
            }
            Call call = plan(roomKey, run, now);
            Optional<Instant> waitUntil = waitsForBatch(roomKey, call, run.size(), now);
            if (waitUntil.isPresent()) {
                batchWaits.put(roomKey, new BatchWait(waitUntil.get(), key(call),
                        tencent.accountsPerCall(call.action()) - call.members().size()));
                toLookAt.remove(roomKey);
                return new Advance(outputs, Optional.empty(), false);
            }
            readySince.putIfAbsent(roomKey, now);
            // The slot first: a permit is booked for good (one not used lapses), a slot not used is given back.
            if (noSlotLeft || !slots.getAsBoolean()) {
                return new Advance(outputs, Optional.empty(), true);
            }
            PermitWait wait = new PermitWait(call.sdkAppId(), call.action());
            if (waited != null && !waited.equals(wait)) {
                // Its head changed (expired or ended commands): the turn it held is for a call it no longer makes.
                permits.leaves(waited.sdkAppId(), waited.action(), roomKey);
            }
            Optional<CallPermits.Permit> permit = permits.take(call.sdkAppId(), call.action(), roomKey,
                    readySince.get(roomKey));
            if (permit.isEmpty()) {
                waitingForPermit.put(roomKey, wait);
                return new Advance(outputs, Optional.empty(), false, Optional.of(wait));
            }
            call = call.withPermit(permit.get());
            inFlight.add(roomKey);
            lastPlanned.put(roomKey, new Planned(readySince.remove(roomKey), call.commands().size() > 1, key(call)));
            arrivedInFlight.remove(roomKey);
            batchWaits.remove(roomKey);
            toLookAt.remove(roomKey);
            return new Advance(outputs, Optional.of(call), false);
        }
    }

    /** Applies a callback or observation that waited in the room's queue and takes it out. */
    private Outputs applyQueued(String roomKey, RoomQueues.Queued queued, Instant now) {
        queues.remove(roomKey, queued);
        if (queued.input() instanceof ImEvent event) {
            return applyEvent(event, EventChanges.of(event), now);
        }
        return applyObservation((ReconcileObservation) queued.input(), now);
    }

    /**
     * Until when the room's next call waits for more commands to join it. A room in a burst, whose commands come faster
     * than one per call (the call would carry two commands or more, a command came while the previous call was in
     * flight, or the previous call carried several: a straggler of a wave waits to join the next batch), starts a call that could still grow (it carries the whole run of joinable commands queued, below Tencent's
     * per-call maximum, and the room's commands do not go one by one) no sooner than {@code batchWindow} after its
     * previous call became ready to plan (before any wait of that call for a permit or a slot: {@link #readySince}). A lone command, any command of a room whose last call was planned
     * {@code batchWindow} ago or more, and a call that asks Tencent something else than the room's last call (a new
     * run: nothing of it could have joined that call) go at once (the leading edge). Empty: send now.
     */
    private Optional<Instant> waitsForBatch(String roomKey, Call call, int runLength, Instant now) {
        Planned previous = lastPlanned.get(roomKey);
        if (previous == null || batchWindow.isZero() || oneByOne.containsKey(roomKey) || !previous.key().equals(key(call))) {
            return Optional.empty();
        }
        boolean growing = call.commands().size() > 1 || arrivedInFlight.contains(roomKey) || previous.batch();
        boolean couldGrow = call.commands().size() == runLength && call.commands().size() < MOST_COMMANDS_PER_CALL
                && call.members().size() < tencent.accountsPerCall(call.action());
        Instant until = previous.at().plus(batchWindow);
        return growing && couldGrow && until.isAfter(now) ? Optional.of(until) : Optional.empty();
    }

    /** What a call asks Tencent apart from its accounts and length. */
    private static Batching.Key key(Call call) {
        return new Batching.Key(call.action(), call.reason());
    }

    private Call plan(String roomKey, List<RoomQueues.Queued> run, Instant now) {
        List<MemberCommand> commands = run.stream().map(queued -> (MemberCommand) queued.input()).toList();
        MemberCommand first = commands.get(0);
        Batching.Key key = Batching.key(first, now);
        int most = oneByOne.getOrDefault(roomKey, 0) > 0 ? 1 : MOST_COMMANDS_PER_CALL;
        int taken = Batching.take(commands, now, tencent.accountsPerCall(key.action()), most);
        List<MemberCommand> batch = commands.subList(0, taken);
        Set<String> members = new LinkedHashSet<>();
        batch.forEach(command -> members.addAll(command.getMembers()));
        return new Call(roomKey, first.getSdkAppId(), first.getRoom(), key.action(), Batching.seconds(batch, now),
                key.reason(), List.copyOf(members), run.subList(0, taken), now, CallPermits.Permit.AT_CALL);
    }

    /**
     * Tencent applied {@code call} with {@code calls} calls: each of its commands still queued is recorded (its
     * members' changes, an APPLIED result) and leaves the queue. Commands no longer queued (their room was destroyed
     * meanwhile) are skipped.
     */
    public Outputs onApplied(Call call, int calls, Instant now) {
        String roomKey = call.roomKey();
        answered(roomKey);
        int attempts = queues.tries(roomKey).calls() + calls;
        Outputs outputs = Outputs.none();
        for (RoomQueues.Queued queued : stillQueued(call)) {
            MemberCommand command = (MemberCommand) queued.input();
            queues.remove(roomKey, queued);
            store.remember(callPlannedId(command.getId()), call.plannedAt());
            CommandRules.Plan plan = CommandRules.plan(command, now);
            Cause cause = new Cause(command.getId(), ChangeCause.COMMAND, now);
            List<MemberState> changed = new ArrayList<>();
            for (String member : new LinkedHashSet<>(command.getMembers())) {
                change(command.getSdkAppId(), command.getRoom(), member, plan.change(), cause).ifPresent(changed::add);
            }
            outputs = outputs.and(new Outputs(changed, List.of(result(command, CommandOutcome.APPLIED, null, null,
                    attempts, now)), 0, List.of()));
            oneByOne.computeIfPresent(roomKey, (room, left) -> left > 1 ? left - 1 : null);
        }
        forgetTries(roomKey);
        return outputs;
    }

    /**
     * Tencent did not apply {@code call}. Refused for good: a single command is REJECTED with Tencent's code, a batch
     * is sent again one command per call. Failing still: each command requested {@code holdAtMost} ago or earlier is
     * FAILED, the others stay first in the queue and are tried again after the backoff.
     */
    public Outputs onRefused(Call call, PermissionGateway.Refused refused, Instant now) {
        String roomKey = call.roomKey();
        answered(roomKey);
        RoomQueues.Tries tries = queues.tries(roomKey);
        int attempts = tries.calls() + refused.attempts();
        List<RoomQueues.Queued> live = stillQueued(call);
        if (live.isEmpty()) {
            return Outputs.none();
        }
        if (refused.permanent() && live.size() > 1) {
            oneByOne.put(roomKey, live.size());
            queues.tries(roomKey, new RoomQueues.Tries(Instant.EPOCH, tries.failures(), attempts));
            return Outputs.none();
        }
        Outputs outputs = Outputs.none();
        for (RoomQueues.Queued queued : live) {
            MemberCommand command = (MemberCommand) queued.input();
            boolean heldLongEnough = !command.getRequestedAt().plus(holdAtMost).isAfter(now);
            if (refused.permanent() || heldLongEnough) {
                queues.remove(roomKey, queued);
                CommandOutcome outcome = refused.permanent() ? CommandOutcome.REJECTED : CommandOutcome.FAILED;
                outputs = outputs.and(Outputs.of(result(command, outcome, refused.code(), refused.info(), attempts, now)));
                oneByOne.computeIfPresent(roomKey, (room, left) -> left > 1 ? left - 1 : null);
            }
        }
        if (stillQueued(call).isEmpty()) {
            forgetTries(roomKey);
        } else {
            int failures = tries.failures() + 1;
            queues.tries(roomKey, new RoomQueues.Tries(now.plus(backoff(failures)), failures, attempts));
        }
        return outputs;
    }

    /** The room's call was answered: nothing in flight, and the room is looked at again. */
    private void answered(String roomKey) {
        inFlight.remove(roomKey);
        toLookAt.add(roomKey);
    }

    /**
     * Which of the call's commands are still queued: they are among the room's oldest, as nothing is queued ahead of
     * them. Matched by arrival number and command id, as a queue emptied by a destroyed room numbers again from 0.
     */
    private List<RoomQueues.Queued> stillQueued(Call call) {
        Set<String> queued = new HashSet<>();
        queues.head(call.roomKey(), call.commands().size()).forEach(entry -> queued.add(identity(entry)));
        return call.commands().stream().filter(command -> queued.contains(identity(command))).toList();
    }

    private static String identity(RoomQueues.Queued entry) {
        return entry.seq() + (entry.input() instanceof MemberCommand command ? "|" + command.getId() : "");
    }

    /** The room's oldest entry changed: the next starts with no failed tries and no wait. */
    private void forgetTries(String roomKey) {
        if (queues.holds(roomKey)) {
            queues.tries(roomKey, RoomQueues.Tries.NONE);
        }
    }

    /** Under which id the planning time of an applied command's call is remembered ({@link StateRetention#ofLaterRoom}). */
    private static String callPlannedId(String commandId) {
        return "call-planned:" + commandId;
    }

    /** The room a command belongs to, as room queues are keyed. */
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
     * so does every change of a callback stamped before its room last ended ({@link StateRetention}). A member-changing
     * callback of a room with inputs queued joins the queue and is applied in its turn (its outputs then come from
     * {@link #startCalls}). A destroyed room ends the room at once: {@link #endRoom}.
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
        String roomKey = Keys.appRoom(event.getSdkAppId(), event.getRoom());
        if (queues.holds(roomKey)) {
            queues.append(roomKey, event);
            toLookAt.add(roomKey);
            return Outputs.none();
        }
        return applyEvent(event, changes, now);
    }

    private Outputs applyEvent(ImEvent event, List<MemberChange> changes, Instant now) {
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
     * when it has none). It does not wait in the room's queue behind calls to a room that no longer exists: the queue
     * is ended first ({@link #endQueue}). Every member the ended room had is then cleared (states with cause
     * {@code ROOM_DESTROYED}, for members whose permissions or presence change), then forgotten: its state, callback
     * times and pending expiries are removed, and its key comes out in {@link Outputs#removedMembers} (a tombstone on
     * the member-state topic, after the cleared states). Members of a room Tencent created again with the same id since
     * are kept ({@link StateRetention#ofLaterRoom}: a destroy delivered after the new room's first callbacks ends only
     * the old room); a destroy without {@code EventTime} (older bodies) has no time to tell them by and ends every
     * member. The room's end time is kept (unless a later end is), for late callbacks, until {@link StateRetention}
     * forgets it; a new room with the same id starts clean, its members at version 1.
     */
    private Outputs endRoom(ImEvent event, Instant now) {
        long app = event.getSdkAppId();
        String room = event.getRoom();
        Instant endedAt = event.getEventTime() != null ? event.getEventTime() : now;
        Outputs ofQueue = endQueue(Keys.appRoom(app, room), endedAt, now);
        Cause cause = new Cause(event.getId(), ChangeCause.ROOM_DESTROYED, now);
        List<MemberState> changed = new ArrayList<>();
        List<String> ofEndedRoom = new ArrayList<>();
        store.room(app, room).forEach((member, state) -> {
            String key = Keys.member(app, room, member);
            List<Instant> callbackTimes = java.util.Arrays.stream(CallbackOrder.Aspect.values())
                    .flatMap(aspect -> store.newestCallback(key, aspect).stream()).toList();
            Optional<Instant> callPlanned = state.getCauseKind() == ChangeCause.COMMAND
                    ? store.remembered(callPlannedId(state.getCause())) : Optional.empty();
            if (event.getEventTime() == null || !StateRetention.ofLaterRoom(state, callbackTimes, callPlanned, endedAt)) {
                change(app, room, member, new Change.Cleared(), cause).ifPresent(changed::add);
                ofEndedRoom.add(key);
            }
        });
        List<String> removed = store.forgetMembers(ofEndedRoom);
        if (event.getEventTime() != null && !StateRetention.beforeRoomEnd(endedAt, store.roomEnded(app, room))) {
            store.roomEnded(app, room, endedAt);
        }
        return ofQueue.and(new Outputs(changed, List.of(), 0, removed));
    }

    /**
     * Ends what leads the destroyed room's queue, oldest first, up to the first command requested at or after
     * {@code endedAt} (it is for a room created again with the same id: it and everything behind it stay queued).
     * Callbacks and observations queued before the destroy are applied (they came before it in the room's partition);
     * commands requested before the end are REJECTED with {@link CommandRules#ROOM_ENDED}: Tencent would refuse them
     * for the room (10010) or, worse, apply them to the new room. A call already in flight for them cannot be taken
     * back: its answer, when applied, finds them gone and changes nothing.
     */
    private Outputs endQueue(String roomKey, Instant endedAt, Instant now) {
        Outputs outputs = Outputs.none();
        int calls = queues.tries(roomKey).calls();
        for (RoomQueues.Queued queued : queues.head(roomKey, Integer.MAX_VALUE)) {
            if (queued.input() instanceof MemberCommand command && !command.getRequestedAt().isBefore(endedAt)) {
                break;
            }
            queues.remove(roomKey, queued);
            if (queued.input() instanceof ImEvent event) {
                outputs = outputs.and(applyEvent(event, EventChanges.of(event), now));
            } else if (queued.input() instanceof ReconcileObservation observation) {
                outputs = outputs.and(applyObservation(observation, now));
            } else if (queued.input() instanceof MemberCommand command) {
                outputs = outputs.and(Outputs.of(result(command, CommandOutcome.REJECTED, CommandRules.ROOM_ENDED,
                        "the room was destroyed at " + endedAt + " before the command could be applied", calls, now)));
            }
        }
        oneByOne.remove(roomKey);
        arrivedInFlight.remove(roomKey);
        batchWaits.remove(roomKey);
        lastPlanned.remove(roomKey);
        readySince.remove(roomKey);
        PermitWait waited = waitingForPermit.remove(roomKey);
        if (waited != null) {
            leftPermitWait.put(roomKey, waited);
        }
        forgetTries(roomKey);
        return outputs;
    }

    /**
     * Tencent's lists of a room, read at {@code observedAt}: what differs from the known state is corrected. Waits
     * behind the room's queued inputs, as a callback does.
     */
    public Outputs onObservation(ReconcileObservation observation, Instant now) {
        String seenId = "observation:" + observation.getId();
        if (store.seen(seenId)) {
            return Outputs.none();
        }
        store.remember(seenId, now);
        String roomKey = Keys.appRoom(observation.getSdkAppId(), observation.getRoom());
        if (queues.holds(roomKey)) {
            queues.append(roomKey, observation);
            toLookAt.add(roomKey);
            return Outputs.none();
        }
        return applyObservation(observation, now);
    }

    private Outputs applyObservation(ReconcileObservation observation, Instant now) {
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
        return new Outputs(changed);
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
                .map(List::of).orElse(List.of()));
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
