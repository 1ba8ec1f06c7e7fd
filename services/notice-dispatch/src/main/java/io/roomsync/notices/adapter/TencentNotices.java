package io.roomsync.notices.adapter;

import io.roomsync.notices.domain.NoticeGateway;
import io.roomsync.tim.GroupMessageRequest;
import io.roomsync.tim.MessageElement;
import io.roomsync.tim.TimClient;
import io.roomsync.tim.TimException;
import io.roomsync.timspring.TimApps;
import java.util.List;
import java.util.Map;

/** Notices to Tencent: TIMCustomElem group messages as the app admin, one-to-one messages, group attributes. */
public class TencentNotices implements NoticeGateway {

    private final TimClient tencent;
    private final TimApps apps;

    public TencentNotices(TimClient tencent, TimApps apps) {
        this.tencent = tencent;
        this.apps = apps;
    }

    @Override
    public void sendToRoom(long app, String room, long random, String data, String desc, String priority) throws Failed {
        GroupMessageRequest.Priority level = switch (priority) {
            case "High" -> GroupMessageRequest.Priority.HIGH;
            case "Low" -> GroupMessageRequest.Priority.LOW;
            default -> GroupMessageRequest.Priority.NORMAL;
        };
        call(() -> tencent.sendGroupMessage(apps.get(app), GroupMessageRequest.custom(room, random, level, data, desc)));
    }

    @Override
    public void sendToUsers(long app, List<String> users, long random, String data, String desc) throws Failed {
        for (String user : users) {
            call(() -> tencent.sendUserMessage(apps.get(app), user, random, List.of(MessageElement.custom(data, desc))));
        }
    }

    @Override
    public void writeSnapshot(long app, String room, Map<String, String> attributes) throws Failed {
        call(() -> tencent.modifyGroupAttributes(apps.get(app), room, attributes));
    }

    private static void call(Runnable call) throws Failed {
        try {
            call.run();
        } catch (TimException e) {
            throw new Failed(e.errorCode(), e.errorInfo(), e.isPermanent());
        }
    }
}
