package io.roomsync.rolesync.adapter.tencent;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.roomsync.rolesync.domain.Call;
import io.roomsync.rolesync.domain.CallPermits;
import io.roomsync.rolesync.domain.CommandRules;
import io.roomsync.rolesync.domain.PermissionGateway;
import io.roomsync.rolesync.domain.PermitTurns;
import io.roomsync.tim.Permit;
import io.roomsync.tim.TimApi;
import io.roomsync.tim.TimApp;
import io.roomsync.tim.TimClient;
import io.roomsync.tim.TimException;
import io.roomsync.timspring.TimApps;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;

/**
 * Applies member commands to Tencent without blocking the caller: modify_admin, forbid_send_msg, ban_group_member and
 * unban_group_member, through the client's asynchronous methods (its rate limiter, retries and circuit breaker per API
 * and app). A {@link TimException} becomes a {@link Refused} with Tencent's code, the attempts made and whether it is
 * permanent.
 */
public class TencentPermissions implements PermissionGateway {

    /**
     * How many steps a room's turn for a permit stands after its planner last said it waits ({@link PermitTurns}): 2.
     * A room that stops waiting withdraws its claim itself (at once, or at its task's next step when its room ended), so
     * the lapse only covers a planner that stopped stepping (a stalled task, a replica that died): its claims hold other
     * tasks back at most 20 ms. 5 made p99 at 1,000 commands/s worse in the bench (README).
     */
    static final int CLAIM_STEPS = 2;

    private final TimClient tencent;
    private final TimApps apps;
    private final MeterRegistry meters;
    /** Whose turn it is for each budget's permits ({@code sdkAppId.command}), across the process's tasks. */
    private final Map<String, PermitTurns> turns = new ConcurrentHashMap<>();

    /**
     * @param meters where the refusals of permits are counted: {@code roomsync.rolesync.permit.refusals} by
     *               {@code api} and {@code cause} ({@code no_permit_free}: none free by the step's horizon;
     *               {@code left_for_older_rooms}: the free ones left to other tasks' rooms that waited longer)
     */
    public TencentPermissions(TimClient tencent, TimApps apps, MeterRegistry meters) {
        this.tencent = tencent;
        this.apps = apps;
        this.meters = meters;
    }

    @Override
    public CompletableFuture<Integer> apply(Call call) {
        TimApp app = apps.get(call.sdkAppId());
        String room = call.room();
        List<String> members = call.members();
        Permit permit = call.permit() instanceof Booked booked ? booked.permit() : null;
        // Each completes with the attempts it made: every batch, and every retry of the client.
        CompletableFuture<Integer> started = switch (call.action()) {
            case GRANT_ADMIN -> tencent.modifyAdminsAsync(app, room, TimClient.AdminChange.GRANT, members, permit);
            case REVOKE_ADMIN -> tencent.modifyAdminsAsync(app, room, TimClient.AdminChange.REVOKE, members, permit);
            case MUTE -> tencent.muteAsync(app, room, members, call.seconds(), permit);
            case UNMUTE -> tencent.unmuteAsync(app, room, members, permit);
            case BAN -> tencent.banAsync(app, room, members, call.seconds(), call.reason(), permit);
            case UNBAN -> tencent.unbanAsync(app, room, members, permit);
        };
        return started.exceptionallyCompose(failure -> CompletableFuture.failedFuture(refusal(failure)));
    }

    @Override
    public int accountsPerCall(CommandRules.TencentAction action) {
        return api(action).batchMax();
    }

    /**
     * One step's permits: per app and API (mutes and unmutes share forbid_send_msg's), each booked in the client's
     * limiter when taken, if due within {@code within} ({@link TimClient#bookPermit}: one step with every other
     * booking of the process, so the planners of all tasks never count on the same permit), and only when
     * {@code planner}'s turn has come: the permits free ({@link TimClient#permitsFree}) go first to the planners whose
     * rooms waited longest ({@link PermitTurns}, one per budget, shared by the tasks; a claim lapses
     * {@value #CLAIM_STEPS} steps after its planner last renewed it). Once a budget gives a step no permit (none free,
     * or not the planner's turn: its rooms share one turn), the step asks it no more (the rooms after wait for the
     * next step, in their order, their claims renewed). An app not configured (removed while its commands waited) is
     * always permitted, with no permit booked: its call fails in {@link #apply} as before, instead of stopping the
     * stream thread here.
     */
    @Override
    public CallPermits permitsWithin(String planner, Instant now, Duration within) {
        Set<String> spent = new HashSet<>();
        return new CallPermits() {
            @Override
            public Optional<CallPermits.Permit> take(long sdkAppId, CommandRules.TencentAction action, String roomKey,
                                                     Instant readySince) {
                Optional<TimApp> app = apps.find(sdkAppId);
                if (app.isEmpty()) {
                    return Optional.of(CallPermits.Permit.AT_CALL);
                }
                TimApi api = api(action);
                String budget = budget(sdkAppId, api);
                if (spent.contains(budget)) {
                    waits(sdkAppId, action, roomKey, readySince);
                    return Optional.empty();
                }
                Optional<CallPermits.Permit> permit = turns(budget, api, within).take(planner, roomKey, readySince, now,
                        new PermitTurns.Budget<>() {
                            @Override
                            public int free() {
                                return tencent.permitsFree(app.get(), api, within);
                            }

                            @Override
                            public Optional<CallPermits.Permit> book() {
                                return tencent.bookPermit(app.get(), api, within).map(Booked::new);
                            }
                        });
                if (permit.isEmpty()) {
                    spent.add(budget);
                }
                return permit;
            }

            @Override
            public void waits(long sdkAppId, CommandRules.TencentAction action, String roomKey, Instant readySince) {
                TimApi api = api(action);
                turns(budget(sdkAppId, api), api, within).waits(planner, roomKey, readySince, now);
            }

            @Override
            public void leaves(long sdkAppId, CommandRules.TencentAction action, String roomKey) {
                PermitTurns budgetTurns = turns.get(budget(sdkAppId, api(action)));
                if (budgetTurns != null) {
                    budgetTurns.leaves(roomKey);
                }
            }
        };
    }

    @Override
    public void plannerClosed(String planner) {
        turns.values().forEach(budgetTurns -> budgetTurns.forget(planner));
    }

    private PermitTurns turns(String budget, TimApi api, Duration within) {
        return turns.computeIfAbsent(budget, key -> {
            Map<PermitTurns.Refusal, Counter> refusals = new EnumMap<>(PermitTurns.Refusal.class);
            for (PermitTurns.Refusal cause : PermitTurns.Refusal.values()) {
                refusals.put(cause, Counter.builder("roomsync.rolesync.permit.refusals").tag("api", api.command())
                        .tag("cause", cause.name().toLowerCase(Locale.ROOT))
                        .description("Rooms whose call found no rate-limiter permit when their task's step asked, by "
                                + "cause: none free by the next step, or the free ones left to other tasks' rooms that "
                                + "waited longer (once per budget, that is app and API, per step and task: the rooms after it wait unasked)")
                        .register(meters));
            }
            return new PermitTurns(within.multipliedBy(CLAIM_STEPS), cause -> refusals.get(cause).increment());
        });
    }

    private static String budget(long sdkAppId, TimApi api) {
        return sdkAppId + "." + api.command();
    }

    /** A permit booked in the client's limiter for one call. */
    private record Booked(Permit permit) implements CallPermits.Permit {
    }

    private static TimApi api(CommandRules.TencentAction action) {
        return switch (action) {
            case GRANT_ADMIN, REVOKE_ADMIN -> TimApi.MODIFY_ADMIN;
            case MUTE, UNMUTE -> TimApi.FORBID_SEND_MSG;
            case BAN -> TimApi.BAN_GROUP_MEMBER;
            case UNBAN -> TimApi.UNBAN_GROUP_MEMBER;
        };
    }

    private static Throwable refusal(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimException e) {
            return new Refused(e.errorCode(), e.errorInfo(), e.attempts(), e.isPermanent());
        }
        return cause;
    }
}
