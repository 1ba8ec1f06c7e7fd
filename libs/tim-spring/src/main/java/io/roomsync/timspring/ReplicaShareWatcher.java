package io.roomsync.timspring;

import io.roomsync.tim.TimClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Learns how many replicas of this service are live and shares the Tencent budgets among them
 * ({@link TimClient#shareAmong}): every {@code replica-refresh} it describes the service's own consumer group
 * ({@code roomsync.tencent.replica-group}, its Kafka Streams {@code application.id}) with Kafka's Admin client and
 * counts its members' replicas ({@link LiveReplicas}). A description that fails (Kafka unreachable, say) keeps the
 * count learnt last. Started with the context, stopped before the Tencent client closes.
 */
public final class ReplicaShareWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReplicaShareWatcher.class);

    private final TimClient tencent;
    private final Map<String, Object> kafkaClient;
    private final String group;
    private final Duration refresh;
    private ScheduledExecutorService schedule;
    private Admin admin;
    private volatile boolean running;
    /** Whether the last description failed: a failure is logged at WARN once per run of failures, not every refresh. */
    private boolean failing;

    /**
     * @param kafkaClient what every Kafka client of the service starts from: bootstrap servers and the security settings
     *                    ({@code RoomsyncKafkaProperties.clientProperties()}), so the Admin client authenticates as the
     *                    service's other clients do
     */
    public ReplicaShareWatcher(TimClient tencent, Map<String, Object> kafkaClient, String group, Duration refresh) {
        this.tencent = tencent;
        this.kafkaClient = Map.copyOf(kafkaClient);
        this.group = group;
        this.refresh = refresh;
    }

    @Override
    public void start() {
        // A description that takes longer than a refresh is given up: the next one asks again.
        int timeoutMillis = (int) Math.max(1000, refresh.toMillis());
        admin = Admin.create(adminProperties(kafkaClient, group, timeoutMillis));
        schedule = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "tim-replica-share");
            thread.setDaemon(true);
            return thread;
        });
        schedule.scheduleWithFixedDelay(this::refresh, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
        running = true;
    }

    /**
     * The Admin client's settings: the service's own client settings (bootstrap servers, SASL/TLS) with this client's
     * id and timeouts (milliseconds) on top.
     */
    static Map<String, Object> adminProperties(Map<String, Object> kafkaClient, String group, int timeoutMillis) {
        Map<String, Object> properties = new HashMap<>(kafkaClient);
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, group + "-replica-share");
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMillis);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMillis);
        return properties;
    }

    /** Reads the group's members once and shares the budgets among their replicas. */
    void refresh() {
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups()
                    .get(group).get(refresh.toMillis(), TimeUnit.MILLISECONDS);
            tencent.shareAmong(LiveReplicas.count(description.members().stream().map(member ->
                    new LiveReplicas.Member(member.clientId(), member.groupInstanceId().orElse(null))).toList()));
            if (failing) {
                log.info("consumer group {} described again; the Tencent budgets follow its replicas", group);
            }
            failing = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // At WARN once: a description that keeps failing (credentials, ACLs) leaves every replica on a stale share.
            if (!failing) {
                log.warn("consumer group {} not described; the Tencent budgets stay shared as last learnt until it is: {}",
                        group, e.toString());
            }
            failing = true;
        }
    }

    @Override
    public void stop() {
        running = false;
        if (schedule != null) {
            schedule.shutdownNow();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
