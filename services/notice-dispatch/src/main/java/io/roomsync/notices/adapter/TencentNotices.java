package io.roomsync.notices.adapter;

import io.roomsync.notices.domain.NoticeGateway;
import io.roomsync.tim.GroupMessageRequest;
import io.roomsync.tim.MessageElement;
import io.roomsync.tim.TimApi;
import io.roomsync.tim.TimClient;
import io.roomsync.tim.TimException;
import io.roomsync.timspring.TimApps;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Notices to Tencent: TIMCustomElem group messages as the app admin, one-to-one messages, group attributes. Group
 * messages and attribute writes use the Tencent client's asynchronous calls ({@link TimClient#sendGroupMessageAsync},
 * {@link TimClient#modifyGroupAttributesAsync}): they hold no thread while they wait. The client has no asynchronous
 * one-to-one send, so a notice to users runs its synchronous sends, one user after the other, on a small pool of this
 * adapter's own ({@value #USER_SENDERS} threads; other services' notices to users are rare, and the dispatcher's
 * in-flight bound caps how many wait for it). A {@link TimException} becomes {@link NoticeGateway.Failed} with the
 * same code and permanence.
 */
public class TencentNotices implements NoticeGateway, AutoCloseable {

    /** Threads for one-to-one notices. */
    static final int USER_SENDERS = 4;

    private final TimClient tencent;
    private final TimApps apps;
    private final ExecutorService userSenders;

    public TencentNotices(TimClient tencent, TimApps apps) {
        this.tencent = tencent;
        this.apps = apps;
        AtomicInteger threads = new AtomicInteger();
        this.userSenders = Executors.newFixedThreadPool(USER_SENDERS, task -> {
            Thread thread = new Thread(task, "notice-users-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public CompletionStage<Void> sendToRoom(long app, String room, long random, String data, String desc, String priority) {
        GroupMessageRequest.Priority level = switch (priority) {
            case "High" -> GroupMessageRequest.Priority.HIGH;
            case "Low" -> GroupMessageRequest.Priority.LOW;
            default -> GroupMessageRequest.Priority.NORMAL;
        };
        return answered(tencent.sendGroupMessageAsync(apps.get(app), GroupMessageRequest.custom(room, random, level, data, desc)));
    }

    @Override
    public CompletionStage<Void> sendToUsers(long app, List<String> users, long random, String data, String desc) {
        return answered(CompletableFuture.runAsync(() -> {
            for (String user : users) {
                tencent.sendUserMessage(apps.get(app), user, random, List.of(MessageElement.custom(data, desc)));
            }
        }, userSenders));
    }

    @Override
    public CompletionStage<Void> writeSnapshot(long app, String room, Map<String, String> attributes) {
        return answered(tencent.modifyGroupAttributesAsync(apps.get(app), room, attributes));
    }

    /** Whether this process's share of the app's attribute writes has one free now (the Tencent client's limiter). */
    @Override
    public boolean snapshotPermitted(long app) {
        return tencent.permitAvailable(apps.get(app), TimApi.MODIFY_GROUP_ATTR);
    }

    /** The call's end, with Tencent's failure as {@link NoticeGateway.Failed}. */
    private static CompletionStage<Void> answered(CompletableFuture<?> call) {
        CompletableFuture<Void> answer = new CompletableFuture<>();
        call.whenComplete((ok, error) -> {
            if (error == null) {
                answer.complete(null);
                return;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            answer.completeExceptionally(cause instanceof TimException e
                    ? new Failed(e.errorCode(), e.errorInfo(), e.isPermanent()) : cause);
        });
        return answer;
    }

    @Override
    public void close() {
        userSenders.shutdownNow();
    }
}
