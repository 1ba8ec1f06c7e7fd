package io.roomsync.rolesync.adapter.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.roomsync.contract.Keys;
import io.roomsync.contract.im.ImEvent;
import io.roomsync.contract.member.CommandResult;
import io.roomsync.contract.member.MemberCommand;
import io.roomsync.contract.member.MemberState;
import io.roomsync.rolesync.RoleSyncProperties;
import io.roomsync.rolesync.domain.Call;
import io.roomsync.rolesync.domain.CommandRules;
import io.roomsync.rolesync.domain.PermissionGateway;
import io.roomsync.rolesync.domain.RoleSync;
import io.roomsync.rolesync.internal.ReconcileObservation;
import io.roomsync.support.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka Streams side of {@link RoleSync}: one processor per partition (so per set of rooms) receives the room's
 * commands, callbacks and observations in order, keeps its members' state and room queues in the task's stores, and
 * forwards every new member state and every command result. A record that cannot be processed goes to its topic's
 * dead-letter twin with the service, the reason and the record's source in headers
 * ({@link io.roomsync.contract.DeadLetterHeaders}), counted; the partition goes on.
 *
 * <p>Tencent calls never run on the stream thread. A short wall-clock punctuator ({@code call-check-interval}) applies
 * the answers of finished calls and starts the calls {@link RoleSync#startCalls} plans, each holding a slot of
 * {@link CallsInFlight}; a call runs on the Tencent client's threads, and its answer is handed back through a
 * thread-safe queue and applied on the stream thread (by that punctuator, and before each record), so that the states,
 * results and queue changes it makes are written in the task's exactly-once transaction. Starting calls only from the
 * punctuator lets all records of a poll join their rooms' queues first, so they can share calls. Answers arriving
 * after the task was closed are dropped: the task's next owner sends those commands again.
 */
final class RoleSyncProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private static final Logger log = LoggerFactory.getLogger(RoleSyncProcessor.class);

    /** Header telling the sink where a record goes: the results-by-id topic, or a dead-letter topic. */
    static final String ROUTE = "roomsync-route";
    static final String ROUTE_RESULTS_BY_ID = "results-by-id";
    static final String ROUTE_DLQ = "dlq:";
    /**
     * How long a closing task waits for its calls still running: most calls end within it, but one with every retry of
     * the client (5 attempts of up to 5 s permit wait, 2 s connect, 5 s read, with backoff) or with many batches can
     * take longer; such a call may land at Tencent after the next owner's later call of its room, which the room's
     * next reconcile corrects (README, role-sync). Longer would stall the rebalance that closes the task.
     */
    static final Duration CLOSE_WAITS_FOR_CALLS = Duration.ofSeconds(30);
    /** The code of a call that failed without Tencent's answer (as the client's TimException.TRANSPORT_FAILURE). */
    static final int NO_ANSWER = -1;

    /** What the processors of one process share: Tencent, the bound on calls in flight, and the meters. */
    record Shared(PermissionGateway tencent, CallsInFlight slots, MeterRegistry meters,
                  RoleSyncMetrics.RoomsByTask heldRooms, RoleSyncMetrics.RoomsByTask waitingForSlot,
                  RoleSyncMetrics.RoomsByTask waitingForPermit) {
    }

    /** A finished call: the Tencent calls it made when applied, or why not. */
    private record Answer(Call call, int calls, PermissionGateway.Refused refused) {
    }

    private final Shared shared;
    private final RoleSyncProperties settings;
    private final CommandRules.Limits limits;
    private final Set<Long> apps;
    private final RoleSyncMetrics metrics;
    /**
     * One life of this processor, from {@link #init} to {@link #close}. Kafka Streams reuses the processor object when
     * it revives a task (a corrupted task, a commit that timed out under exactly-once): {@code init} runs again on it
     * after {@code close}. Each life has its own answers and its own closed flag, and a call's answer goes only to the
     * life that started it, so a revived task neither drops the answers of its own calls (its rooms would wait for
     * them for ever) nor applies those of the life before (whose calls its new {@link RoleSync} sends again).
     */
    private static final class Life {
        /** Answers handed over by the client's threads, applied on the stream thread. */
        final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
        /** This life's calls not yet complete (waited for on close). */
        final Set<CompletableFuture<Integer>> running = ConcurrentHashMap.newKeySet();
        volatile boolean closed;
    }

    private Life life;
    private ProcessorContext<String, SpecificRecord> context;
    private StreamsMemberStore store;
    private StreamsRoomQueues queues;
    private RoleSync roleSync;

    RoleSyncProcessor(Shared shared, RoleSyncProperties settings, CommandRules.Limits limits, Set<Long> apps) {
        this.shared = shared;
        this.settings = settings;
        this.limits = limits;
        this.apps = apps;
        this.metrics = new RoleSyncMetrics(shared.meters());
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.life = new Life();
        this.store = new StreamsMemberStore(context.getStateStore(StreamsMemberStore.STATES),
                context.getStateStore(StreamsMemberStore.SEEN), context.getStateStore(StreamsMemberStore.EXPIRIES),
                context.getStateStore(StreamsMemberStore.CALLBACK_TIMES), context.getStateStore(StreamsMemberStore.ENDED_ROOMS),
                settings.dedupeWindow());
        this.queues = new StreamsRoomQueues(context.getStateStore(StreamsRoomQueues.COMMANDS),
                context.getStateStore(StreamsRoomQueues.EVENTS), context.getStateStore(StreamsRoomQueues.OBSERVATIONS),
                context.getStateStore(StreamsRoomQueues.ROOMS));
        this.roleSync = new RoleSync(store, queues, shared.tencent(), limits, apps, settings.holdFailedCommandsFor(),
                settings.batchWindow());
        // A new owner of the task sends every room's oldest commands again: what was in flight is not known here.
        roleSync.resume();
        context.schedule(settings.callCheckInterval(), PunctuationType.WALL_CLOCK_TIME, this::calls);
        context.schedule(settings.expiryCheckInterval(), PunctuationType.WALL_CLOCK_TIME, this::tick);
        context.schedule(settings.stateSweepInterval(), PunctuationType.WALL_CLOCK_TIME,
                wallClockMillis -> metrics.forgotten(store.sweep(Instant.ofEpochMilli(wallClockMillis))));
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        SpecificRecord value = record.value();
        if (value == null) {
            return;
        }
        Instant now = Instant.now();
        applyAnswers(now);
        try {
            RoleSync.Outputs outputs;
            if (value instanceof MemberCommand command) {
                metrics.commandArrived(command, now);
                outputs = roleSync.onCommand(command, now);
            } else if (value instanceof ImEvent event) {
                outputs = roleSync.onEvent(event, now);
            } else if (value instanceof ReconcileObservation observation) {
                outputs = roleSync.onObservation(observation, now);
            } else {
                throw new IllegalArgumentException("unexpected record type " + value.getClass().getName());
            }
            forward(outputs, now);
        } catch (RuntimeException e) {
            String topic = context.recordMetadata().map(m -> m.topic()).orElse("unknown");
            log.error("cannot process a record of {} (key {}): sending it to the dead-letter topic", topic, record.key(), e);
            metrics.deadLettered(topic);
            Headers headers = new RecordHeaders(record.headers().toArray());
            DeadLetters.describe(headers, context.applicationId(), e);
            context.recordMetadata().ifPresent(source -> DeadLetters.source(headers, source.topic(), source.partition(),
                    source.offset(), record.timestamp()));
            headers.add(ROUTE, (ROUTE_DLQ + topic).getBytes(StandardCharsets.UTF_8));
            context.forward(new Record<>(record.key(), value, now.toEpochMilli(), headers));
        }
    }

    /**
     * Applies the answers of finished calls, then starts the calls that can start now. Every slot taken for a call that
     * was not started (planning or forwarding threw, e.g. a fenced transaction) is given back: the slots are the
     * process's, and one lost for good would shrink {@code max-calls-in-flight} until a restart.
     */
    private void calls(long wallClockMillis) {
        Instant now = Instant.ofEpochMilli(wallClockMillis);
        applyAnswers(now);
        int[] taken = {0};
        BooleanSupplier slot = () -> {
            boolean free = shared.slots().take();
            if (free) {
                taken[0]++;
            }
            return free;
        };
        int started = 0;
        try {
            // Permits booked as calls are planned, due by the next punctuation: a call that would wait longer is not
            // planned yet, no two tasks' planners count on the same permit, and rooms that waited longest go first (CallPermits).
            RoleSync.Step step = roleSync.startCalls(now, slot, shared.tencent().permitsWithin(context.taskId().toString(), now,
                    settings.callCheckInterval()));
            forward(step.outputs(), now);
            shared.waitingForSlot().counted(context.taskId().toString(), step.roomsWaitingForSlot());
            shared.waitingForPermit().counted(context.taskId().toString(), step.roomsWaitingForPermit());
            for (Call call : step.calls()) {
                start(call);
                started++;
            }
        } finally {
            for (int unused = started; unused < taken[0]; unused++) {
                shared.slots().giveBack();
            }
        }
    }

    /** Starts {@code call} on the client's threads; its slot is given back and its answer queued when it completes. */
    private void start(Call call) {
        metrics.callStarted(call);
        Life owner = life;
        CompletableFuture<Integer> started = begin(call);
        owner.running.add(started);
        started.whenComplete((calls, failure) -> {
            owner.running.remove(started);
            shared.slots().giveBack();
            if (!owner.closed) {
                owner.answers.add(failure == null ? new Answer(call, calls, null) : new Answer(call, 0, refusal(call, failure)));
            }
        });
    }

    private CompletableFuture<Integer> begin(Call call) {
        try {
            return shared.tencent().apply(call);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static PermissionGateway.Refused refusal(Call call, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof PermissionGateway.Refused refused) {
            return refused;
        }
        // Not Tencent's answer (a fault of the client): tried again like a call that got no answer.
        log.error("a Tencent call for room {} failed unexpectedly; it is tried again", call.roomKey(), cause);
        return new PermissionGateway.Refused(NO_ANSWER, String.valueOf(cause), 0, false);
    }

    private void applyAnswers(Instant now) {
        for (Answer answer = life.answers.poll(); answer != null; answer = life.answers.poll()) {
            metrics.callAnswered(answer.call(), now);
            forward(answer.refused() == null ? roleSync.onApplied(answer.call(), answer.calls(), now)
                    : roleSync.onRefused(answer.call(), answer.refused(), now), now);
        }
    }

    /** Ends the mutes and bans that ran out, and lets rooms whose retry time has come send again. */
    private void tick(long wallClockMillis) {
        Instant now = Instant.ofEpochMilli(wallClockMillis);
        for (String memberKey : store.takeDue(now)) {
            forward(roleSync.onExpiry(memberKey, now), now);
        }
        roleSync.retryDue(now);
        shared.heldRooms().counted(context.taskId().toString(), queues.heldAtLastLook());
    }

    /**
     * Waits (at most {@link #CLOSE_WAITS_FOR_CALLS}) for this task's calls still running, then drops their answers: the
     * task's next owner, here or elsewhere, sends those commands again, and an old call landing at Tencent after the
     * next owner's later call of the same room would undo it.
     */
    @Override
    public void close() {
        try {
            CompletableFuture.allOf(life.running.toArray(CompletableFuture[]::new))
                    .get(CLOSE_WAITS_FOR_CALLS.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // A failed call is as good as finished; one still running after the wait is left to the client's timeouts.
            log.debug("task {} closed with Tencent calls unfinished or failed: {}", context.taskId(), e.toString());
        }
        life.closed = true;
        life.answers.clear();
        shared.tencent().plannerClosed(context.taskId().toString());
        shared.heldRooms().closed(context.taskId().toString());
        shared.waitingForSlot().closed(context.taskId().toString());
        shared.waitingForPermit().closed(context.taskId().toString());
    }

    private void forward(RoleSync.Outputs outputs, Instant now) {
        metrics.staleCallbacks(outputs.staleCallbacks());
        for (MemberState state : outputs.states()) {
            metrics.stateChanged(state.getCauseKind().name());
            context.forward(new Record<>(Keys.member(state.getSdkAppId(), state.getRoom(), state.getMember()),
                    state, now.toEpochMilli()));
        }
        // After the cleared states, so a reader of the topic sees the room end before its members go.
        metrics.removedWithRoom(outputs.removedMembers().size());
        for (String memberKey : outputs.removedMembers()) {
            context.forward(new Record<String, SpecificRecord>(memberKey, null, now.toEpochMilli()));
        }
        for (CommandResult result : outputs.results()) {
            metrics.commandOutcome(result.getOutcome().name());
            context.forward(new Record<>(Keys.room(result.getRoom()), (SpecificRecord) result, now.toEpochMilli()));
            RecordHeaders byId = new RecordHeaders();
            byId.add(ROUTE, ROUTE_RESULTS_BY_ID.getBytes(StandardCharsets.UTF_8));
            context.forward(new Record<String, SpecificRecord>(result.getCommandId(), result, now.toEpochMilli(), byId));
        }
    }

    /** The route a record's headers give (null: by its value type). */
    static String route(org.apache.kafka.common.header.Headers headers) {
        org.apache.kafka.common.header.Header header = headers.lastHeader(ROUTE);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static boolean isResult(SpecificRecord value) {
        return value instanceof CommandResult;
    }
}
