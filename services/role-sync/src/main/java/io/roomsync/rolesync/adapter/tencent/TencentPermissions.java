package io.roomsync.rolesync.adapter.tencent;

import io.roomsync.rolesync.domain.CallPermits;
import io.roomsync.rolesync.domain.CommandRules;
import io.roomsync.rolesync.domain.PermissionGateway;
import io.roomsync.tim.TimApi;
import io.roomsync.tim.TimApp;
import io.roomsync.tim.TimClient;
import io.roomsync.tim.TimException;
import io.roomsync.timspring.TimApps;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Applies member commands to Tencent without blocking the caller: modify_admin, forbid_send_msg, ban_group_member and
 * unban_group_member, through the client's asynchronous methods (its rate limiter, retries and circuit breaker per API
 * and app). A {@link TimException} becomes a {@link Refused} with Tencent's code, the attempts made and whether it is
 * permanent.
 */
public class TencentPermissions implements PermissionGateway {

    private final TimClient tencent;
    private final TimApps apps;

    public TencentPermissions(TimClient tencent, TimApps apps) {
        this.tencent = tencent;
        this.apps = apps;
    }

    @Override
    public CompletableFuture<Integer> apply(long sdkAppId, String room, List<String> members,
                                            CommandRules.TencentAction action, long seconds, String reason) {
        TimApp app = apps.get(sdkAppId);
        // Each completes with the attempts it made: every batch, and every retry of the client.
        CompletableFuture<Integer> call = switch (action) {
            case GRANT_ADMIN -> tencent.modifyAdminsAsync(app, room, TimClient.AdminChange.GRANT, members);
            case REVOKE_ADMIN -> tencent.modifyAdminsAsync(app, room, TimClient.AdminChange.REVOKE, members);
            case MUTE -> tencent.muteAsync(app, room, members, seconds);
            case UNMUTE -> tencent.unmuteAsync(app, room, members);
            case BAN -> tencent.banAsync(app, room, members, seconds, reason);
            case UNBAN -> tencent.unbanAsync(app, room, members);
        };
        return call.exceptionallyCompose(failure -> CompletableFuture.failedFuture(refusal(failure)));
    }

    @Override
    public int accountsPerCall(CommandRules.TencentAction action) {
        return api(action).batchMax();
    }

    /**
     * One step's permits: per app and API (mutes and unmutes share forbid_send_msg's), the calls the client's limiter
     * would permit within {@code within} ({@link TimClient#permitsWithin}), read at the first call of that API in the
     * step and counted down by each call planned. An app not configured (removed while its commands waited) is always
     * permitted: its call fails in {@link #apply} as before, instead of stopping the stream thread here.
     */
    @Override
    public CallPermits permitsWithin(Duration within) {
        Map<String, Integer> left = new HashMap<>();
        return (sdkAppId, action) -> {
            TimApi api = api(action);
            String budget = sdkAppId + "." + api.command();
            // An app no longer configured has no limiter: its call is let through to fail as every call of it fails
            // (held, then a result), never thrown here on the stream thread.
            int permits = left.computeIfAbsent(budget, key -> apps.find(sdkAppId)
                    .map(app -> tencent.permitsWithin(app, api, within)).orElse(Integer.MAX_VALUE));
            if (permits <= 0) {
                return false;
            }
            left.put(budget, permits - 1);
            return true;
        };
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
