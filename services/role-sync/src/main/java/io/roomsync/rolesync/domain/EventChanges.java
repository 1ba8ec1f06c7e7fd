package io.roomsync.rolesync.domain;

import io.roomsync.contract.im.GroupCreated;
import io.roomsync.contract.im.ImEvent;
import io.roomsync.contract.im.MemberFieldChanged;
import io.roomsync.contract.im.MembersExited;
import io.roomsync.contract.im.MembersJoined;
import io.roomsync.contract.im.MembersOnlineStateChanged;
import io.roomsync.contract.member.MemberRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a Tencent callback means for member permissions: joins and exits (and AVChatRoom online/offline) change
 * presence, a member field change with a role changes the role, a created room makes its owner owner. A destroyed
 * room clears every member the room had, which only the state knows: {@link #destroysRoom}.
 */
public final class EventChanges {

    private static final String AFTER_CREATE = "Group.CallbackAfterCreateGroup";
    private static final String AFTER_DESTROY = "Group.CallbackAfterGroupDestroyed";

    private EventChanges() {
    }

    public static boolean destroysRoom(ImEvent event) {
        return AFTER_DESTROY.equals(event.getCommand()) && event.getRoom() != null;
    }

    /** The member changes of an event (empty for events that touch no permission). */
    public static List<MemberChange> of(ImEvent event) {
        List<MemberChange> changes = new ArrayList<>();
        if (event.getRoom() == null) {
            return changes;
        }
        Object payload = event.getPayload();
        if (payload instanceof MembersJoined joined) {
            joined.getMembers().forEach(m -> changes.add(new MemberChange(m, new Change.Presence(true))));
        } else if (payload instanceof MembersExited exited) {
            exited.getMembers().forEach(m -> changes.add(new MemberChange(m, new Change.Presence(false))));
        } else if (payload instanceof MembersOnlineStateChanged online) {
            boolean present = "Online".equalsIgnoreCase(online.getState());
            online.getMembers().forEach(m -> changes.add(new MemberChange(m, new Change.Presence(present))));
        } else if (payload instanceof MemberFieldChanged field && field.getRole() != null) {
            MemberRole role = role(field.getRole());
            if (role != null) {
                changes.add(new MemberChange(field.getMember(), new Change.SetRole(role)));
            }
        } else if (payload instanceof GroupCreated created && AFTER_CREATE.equals(event.getCommand())
                && created.getOwner() != null && !created.getOwner().isEmpty()) {
            changes.add(new MemberChange(created.getOwner(), new Change.SetRole(MemberRole.OWNER)));
        }
        return changes;
    }

    /** Tencent's role names (Owner, Admin, Member), case-insensitively; null for anything else. */
    static MemberRole role(String tencentRole) {
        return switch (tencentRole.toLowerCase(Locale.ROOT)) {
            case "owner" -> MemberRole.OWNER;
            case "admin" -> MemberRole.ADMIN;
            case "member" -> MemberRole.MEMBER;
            default -> null;
        };
    }
}
