package io.roomsync.rolesync.adapter.kafka;

import io.roomsync.contract.Keys;
import io.roomsync.rolesync.RoleSyncProperties;
import io.roomsync.rolesync.internal.ReconcileObservation;
import io.roomsync.tim.TimApp;
import io.roomsync.tim.TimClient;
import io.roomsync.tim.TimException;
import io.roomsync.tim.TimResults;
import io.roomsync.timspring.TimApps;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Anti-entropy: reads what Tencent enforces in a room (get_admin_list, get_group_muted_account,
 * get_group_ban_member) and hands it to role-sync's processor as an observation, in the room's order with its
 * commands and callbacks; the processor publishes the corrections. On demand (POST /v1/rooms/{id}/reconcile) and for
 * every known room on a schedule.
 */
@Component
public class Reconciler {

    /** Kafka did not take an observation in time: nothing was reconciled; the API answers 503. */
    public static class NotPublished extends RuntimeException {
        NotPublished(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private final TimClient tencent;
    private final TimApps apps;
    private final KafkaTemplate<String, ReconcileObservation> template;
    private final RoleSyncProperties properties;
    private final MemberQueries queries;

    public Reconciler(TimClient tencent, TimApps apps, KafkaTemplate<String, ReconcileObservation> template,
                      RoleSyncProperties properties, MemberQueries queries) {
        this.tencent = tencent;
        this.apps = apps;
        this.template = template;
        this.properties = properties;
        this.queries = queries;
    }

    /** Observes the room now; returns the observation's id. */
    public String reconcile(long sdkAppId, String room) {
        TimApp app = apps.get(sdkAppId);
        Instant observedAt = Instant.now();
        List<String> admins = tencent.getAdmins(app, room);
        Map<String, Instant> muted = new HashMap<>();
        for (TimResults.MutedMember member : tencent.getMutedMembers(app, room)) {
            muted.put(member.account(), member.mutedUntil());
        }
        Map<String, Instant> banned = new HashMap<>();
        for (TimResults.BannedMember member : tencent.getBannedMembers(app, room)) {
            banned.put(member.account(), member.bannedUntil());
        }
        ReconcileObservation observation = ReconcileObservation.newBuilder().setId(UUID.randomUUID().toString())
                .setSdkAppId(sdkAppId).setRoom(room).setAdmins(admins).setMutedUntil(muted).setBannedUntil(banned)
                .setObservedAt(observedAt).build();
        try {
            template.send(properties.observationTopic(), Keys.room(room), observation).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new NotPublished("could not publish the observation of " + room + " to Kafka; try again", e);
        }
        return observation.getId();
    }

    /** Every known room; scheduled every roomsync.role-sync.reconcile-interval by the application. */
    public void reconcileAll() {
        for (Keys.MemberKey room : queries.rooms()) {
            try {
                reconcile(room.sdkAppId(), room.groupId());
            } catch (TimException e) {
                log.warn("reconcile of {} skipped: Tencent answered {} ({})", room.groupId(), e.errorCode(), e.errorInfo());
            } catch (RuntimeException e) {
                log.warn("reconcile of {} skipped: {}", room.groupId(), e.toString());
            }
        }
    }
}
