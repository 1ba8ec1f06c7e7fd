package io.roomsync.rolesync.adapter.tencent;

import io.roomsync.rolesync.domain.CommandRules;
import io.roomsync.rolesync.domain.PermissionGateway;
import io.roomsync.tim.TimApp;
import io.roomsync.tim.TimClient;
import io.roomsync.tim.TimException;
import io.roomsync.timspring.TimApps;
import java.util.List;

/** Applies member commands to Tencent: modify_admin, forbid_send_msg, ban_group_member and unban_group_member. */
public class TencentPermissions implements PermissionGateway {

    private final TimClient tencent;
    private final TimApps apps;

    public TencentPermissions(TimClient tencent, TimApps apps) {
        this.tencent = tencent;
        this.apps = apps;
    }

    @Override
    public int apply(long sdkAppId, String room, List<String> members, CommandRules.Plan plan, String reason) throws Refused {
        TimApp app = apps.get(sdkAppId);
        try {
            // Each returns the attempts it made: every batch, and every retry of the client.
            return switch (plan.action()) {
                case GRANT_ADMIN -> tencent.modifyAdmins(app, room, TimClient.AdminChange.GRANT, members);
                case REVOKE_ADMIN -> tencent.modifyAdmins(app, room, TimClient.AdminChange.REVOKE, members);
                case MUTE -> tencent.mute(app, room, members, plan.seconds());
                case UNMUTE -> tencent.unmute(app, room, members);
                case BAN -> tencent.ban(app, room, members, plan.seconds(), reason);
                case UNBAN -> tencent.unban(app, room, members);
            };
        } catch (TimException e) {
            throw new Refused(e.errorCode(), e.errorInfo(), e.attempts(), e.isPermanent());
        }
    }
}
