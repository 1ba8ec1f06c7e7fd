package io.roomsync.support;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes a replaced stream thread's static member from its consumer group through the Admin API
 * ({@code removeMembersFromConsumerGroup}, what Kafka Streams' own {@code removeStreamThread} does), on a daemon thread
 * of its own. It waits for the dead thread to end (at most {@code threadEndWait}), so the member's consumer is closed
 * and cannot rejoin, and removes nothing when the thread is still running after that or when a live thread of the
 * client has taken its name meanwhile (Kafka Streams reuses an ended thread's index: removing that member would throw
 * the live thread out of the group and cost its tasks a restore). Then it asks the broker, waiting at most
 * {@code adminWait}. A failure or a skip is logged and changes nothing else: the member then leaves when its
 * {@code session.timeout.ms} runs out, as it would without this.
 */
public final class AdminDeadMembers implements StreamThreadFailures.DeadMembers, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AdminDeadMembers.class);

    private final Duration threadEndWait;
    private final Duration adminWait;
    private final ExecutorService removals = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "roomsync-dead-stream-members");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param threadEndWait how long to wait for the dead thread to end (its tasks and clients closed; role-sync's task
     *                      close alone may wait 30 s for its Tencent calls)
     * @param adminWait     how long to wait for the broker's answer
     */
    public AdminDeadMembers(Duration threadEndWait, Duration adminWait) {
        this.threadEndWait = threadEndWait;
        this.adminWait = adminWait;
    }

    @Override
    public void removeWhenEnded(Thread deadThread, Properties streamsConfig, String groupId, String groupInstanceId,
                                Supplier<Set<String>> liveThreads) {
        try {
            removals.execute(() -> remove(deadThread, streamsConfig, groupId, groupInstanceId, liveThreads));
        } catch (RejectedExecutionException closing) {
            log.debug("not removing member {}: the service is stopping", groupInstanceId);
        }
    }

    private void remove(Thread deadThread, Properties streamsConfig, String groupId, String groupInstanceId,
                        Supplier<Set<String>> liveThreads) {
        try {
            deadThread.join(threadEndWait.toMillis());
            String skip = reasonToKeep(deadThread.isAlive(), deadThread.getName(), liveThreads.get());
            if (skip != null) {
                log.warn("not removing member {} of the replaced stream thread {} from group {}: {}; it leaves when its "
                        + "session times out", groupInstanceId, deadThread.getName(), groupId, skip);
                return;
            }
            Admin admin = Admin.create(adminConfig(streamsConfig, groupInstanceId + "-removal"));
            try {
                admin.removeMembersFromConsumerGroup(groupId, new RemoveMembersFromConsumerGroupOptions(
                                List.of(new MemberToRemove(groupInstanceId))).timeoutMs((int) adminWait.toMillis()))
                        .all().get(adminWait.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                admin.close(Duration.ofSeconds(1));
            }
            log.info("removed member {} of the replaced stream thread {} from group {}: its tasks move to the new thread now",
                    groupInstanceId, deadThread.getName(), groupId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
            log.warn("could not remove member {} of the replaced stream thread {} from group {} ({}); it leaves when its "
                    + "session times out", groupInstanceId, deadThread.getName(), groupId, e.toString());
        }
    }

    /**
     * Why the dead thread's member must stay, or null when it may be removed.
     *
     * @param stillRunning whether the dead thread is still closing after the wait
     * @param threadName   its name ({@code <client id>-StreamThread-<index>})
     * @param liveThreads  the names of the client's threads that have not ended, now
     */
    static String reasonToKeep(boolean stillRunning, String threadName, Set<String> liveThreads) {
        if (stillRunning) {
            return "the thread is still closing";
        }
        if (liveThreads.contains(threadName)) {
            return "a new thread of the client runs under its name";
        }
        return null;
    }

    /**
     * The Admin client's configuration from a Kafka Streams client's, as Kafka Streams builds its own: the settings an
     * Admin client knows (bootstrap servers, security), then those prefixed {@code admin.} over them; the client id
     * given. Built by hand rather than through {@code StreamsConfig}, whose constructor logs the whole configuration.
     */
    static Map<String, Object> adminConfig(Properties streamsConfig, String clientId) {
        Map<String, Object> admin = new HashMap<>();
        Set<String> known = AdminClientConfig.configNames();
        streamsConfig.forEach((key, value) -> {
            if (known.contains(String.valueOf(key))) {
                admin.put(String.valueOf(key), value);
            }
        });
        streamsConfig.forEach((key, value) -> {
            String name = String.valueOf(key);
            if (name.startsWith(StreamsConfig.ADMIN_CLIENT_PREFIX) && known.contains(name.substring(StreamsConfig.ADMIN_CLIENT_PREFIX.length()))) {
                admin.put(name.substring(StreamsConfig.ADMIN_CLIENT_PREFIX.length()), value);
            }
        });
        admin.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return admin;
    }

    /** Stops taking removals; one under way is abandoned (the session timeout covers it). */
    @Override
    public void close() {
        removals.shutdownNow();
    }
}
