package io.roomsync.rolesync.adapter.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.roomsync.contract.Keys;
import io.roomsync.contract.im.ImEvent;
import io.roomsync.contract.member.CommandResult;
import io.roomsync.contract.member.MemberCommand;
import io.roomsync.contract.member.MemberState;
import io.roomsync.rolesync.domain.CommandRules;
import io.roomsync.rolesync.domain.PermissionGateway;
import io.roomsync.rolesync.domain.RoleSync;
import io.roomsync.rolesync.internal.ReconcileObservation;
import io.roomsync.support.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
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
 * commands, callbacks and observations in order, keeps its members' state in the task's stores, and forwards every new
 * member state and every command result. A record that cannot be processed goes to its topic's dead-letter twin with
 * the service, the reason and the record's source in headers ({@link io.roomsync.contract.DeadLetterHeaders}), counted;
 * the partition goes on.
 */
final class RoleSyncProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private static final Logger log = LoggerFactory.getLogger(RoleSyncProcessor.class);

    /** Header telling the sink where a record goes: the results-by-id topic, or a dead-letter topic. */
    static final String ROUTE = "roomsync-route";
    static final String ROUTE_RESULTS_BY_ID = "results-by-id";
    static final String ROUTE_DLQ = "dlq:";

    private final PermissionGateway tencent;
    private final CommandRules.Limits limits;
    private final Set<Long> apps;
    private final Duration dedupeWindow;
    private final Duration expiryCheckInterval;
    private final Duration stateSweepInterval;
    private final Duration holdAtMost;
    private final RoleSyncMetrics metrics;
    private final RoleSyncMetrics.HeldRooms heldRooms;
    private ProcessorContext<String, SpecificRecord> context;
    private StreamsMemberStore store;
    private StreamsHeldCommands held;
    private RoleSync roleSync;

    RoleSyncProcessor(PermissionGateway tencent, CommandRules.Limits limits, Set<Long> apps, Duration dedupeWindow,
                      Duration expiryCheckInterval, Duration stateSweepInterval, Duration holdAtMost, MeterRegistry meters,
                      RoleSyncMetrics.HeldRooms heldRooms) {
        this.tencent = tencent;
        this.limits = limits;
        this.apps = apps;
        this.dedupeWindow = dedupeWindow;
        this.expiryCheckInterval = expiryCheckInterval;
        this.stateSweepInterval = stateSweepInterval;
        this.holdAtMost = holdAtMost;
        this.metrics = new RoleSyncMetrics(meters);
        this.heldRooms = heldRooms;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.store = new StreamsMemberStore(context.getStateStore(StreamsMemberStore.STATES),
                context.getStateStore(StreamsMemberStore.SEEN), context.getStateStore(StreamsMemberStore.EXPIRIES),
                context.getStateStore(StreamsMemberStore.CALLBACK_TIMES), context.getStateStore(StreamsMemberStore.ENDED_ROOMS),
                dedupeWindow);
        this.held = new StreamsHeldCommands(context.getStateStore(StreamsHeldCommands.COMMANDS),
                context.getStateStore(StreamsHeldCommands.ROOMS));
        this.roleSync = new RoleSync(store, held, tencent, limits, apps, holdAtMost);
        context.schedule(expiryCheckInterval, PunctuationType.WALL_CLOCK_TIME, this::tick);
        context.schedule(stateSweepInterval, PunctuationType.WALL_CLOCK_TIME,
                wallClockMillis -> metrics.forgotten(store.sweep(Instant.ofEpochMilli(wallClockMillis))));
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        SpecificRecord value = record.value();
        if (value == null) {
            return;
        }
        Instant now = Instant.now();
        try {
            RoleSync.Outputs outputs;
            if (value instanceof MemberCommand command) {
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

    /** Ends the mutes and bans that ran out, and tries held commands whose time has come, oldest first. */
    private void tick(long wallClockMillis) {
        Instant now = Instant.ofEpochMilli(wallClockMillis);
        for (String memberKey : store.takeDue(now)) {
            forward(roleSync.onExpiry(memberKey, now), now);
        }
        for (String room : held.due(now)) {
            RoleSync.Outputs outputs;
            do {
                outputs = roleSync.onRetry(room, now);
                forward(outputs, now);
            } while (outputs.result().isPresent() && held.holds(room));
        }
        heldRooms.counted(context.taskId().toString(), held.roomsAtLastLook());
    }

    @Override
    public void close() {
        heldRooms.closed(context.taskId().toString());
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
