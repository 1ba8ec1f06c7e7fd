package io.roomsync.support;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes a replaced stream thread's static member from its consumer group through the Admin API
 * ({@code removeMembersFromConsumerGroup}, what Kafka Streams' own {@code removeStreamThread} does), on a daemon thread
 * of its own: it waits for the dead thread to end (at most {@code threadEndWait}), so the member's consumer is closed
 * and cannot rejoin, then asks the broker, waiting at most {@code adminWait}. A failure is logged and changes nothing
 * else: the member then leaves when its {@code session.timeout.ms} runs out, as it would without this.
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
     * @param threadEndWait how long to wait for the dead thread to end (its tasks closed, its clients closed)
     * @param adminWait     how long to wait for the broker's answer
     */
    public AdminDeadMembers(Duration threadEndWait, Duration adminWait) {
        this.threadEndWait = threadEndWait;
        this.adminWait = adminWait;
    }

    @Override
    public void removeWhenEnded(Thread deadThread, Properties streamsConfig, String groupId, String groupInstanceId) {
        removals.execute(() -> remove(deadThread, streamsConfig, groupId, groupInstanceId));
    }

    private void remove(Thread deadThread, Properties streamsConfig, String groupId, String groupInstanceId) {
        try {
            deadThread.join(threadEndWait.toMillis());
            try (Admin admin = Admin.create(new StreamsConfig(streamsConfig).getAdminConfigs(groupInstanceId + "-removal"))) {
                admin.removeMembersFromConsumerGroup(groupId, new RemoveMembersFromConsumerGroupOptions(
                        List.of(new MemberToRemove(groupInstanceId)))).all().get(adminWait.toMillis(), TimeUnit.MILLISECONDS);
            }
            log.info("removed member {} of the replaced stream thread {} from group {}: its tasks move to the new thread now",
                    groupInstanceId, deadThread.getName(), groupId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
            log.warn("could not remove member {} of the replaced stream thread {} from group {} ({}); its tasks move when its "
                    + "session times out", groupInstanceId, deadThread.getName(), groupId, e.toString());
        }
    }

    /** Stops taking removals; one under way is abandoned (the session timeout covers it). */
    @Override
    public void close() {
        removals.shutdownNow();
    }
}
