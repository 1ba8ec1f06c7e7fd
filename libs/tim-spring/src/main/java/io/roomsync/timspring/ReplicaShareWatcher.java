package io.roomsync.timspring;

import io.roomsync.tim.TimClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
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
 *
 * <p><b>At once on a rebalance.</b> A replica that joins the group makes every member rebalance, so the service's
 * Kafka Streams clients pass through {@code REBALANCING}: told by those clients' state listener
 * ({@link RebalanceRefresh}), the watcher describes the group again at once ({@link #refreshNow}) when a client starts
 * rebalancing and when it is {@code RUNNING} again after a rebalance, instead of at the next poll; the poll
 * every {@code replica-refresh} stays, for what a listener does not see (a crashed replica whose session expired, a
 * description that failed). Refreshes run one at a time on the watcher's own thread; one asked for while another waits
 * to run is the same.
 */
public final class ReplicaShareWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReplicaShareWatcher.class);

    /** The members of the group as Kafka describes them now (the Admin client; a test's stand-in). */
    interface GroupMembers extends AutoCloseable {
        /** @throws Exception when the group cannot be described within {@code timeout} */
        List<LiveReplicas.Member> describe(Duration timeout) throws Exception;

        @Override
        void close();
    }

    private final IntConsumer shareAmong;
    private final Supplier<GroupMembers> connect;
    private final String group;
    private final Duration refresh;
    private final AtomicBoolean refreshAsked = new AtomicBoolean();
    private volatile ScheduledExecutorService schedule;
    private GroupMembers members;
    private volatile boolean running;
    /** Whether the last description failed: a failure is logged at WARN once per run of failures, not every refresh. */
    private boolean failing;

    /**
     * @param kafkaClient what every Kafka client of the service starts from: bootstrap servers and the security settings
     *                    ({@code RoomsyncKafkaProperties.clientProperties()}), so the Admin client authenticates as the
     *                    service's other clients do
     */
    public ReplicaShareWatcher(TimClient tencent, Map<String, Object> kafkaClient, String group, Duration refresh) {
        this(tencent::shareAmong, adminMembers(Map.copyOf(kafkaClient), group, refresh), group, refresh);
    }

    /**
     * @param shareAmong what is told the live replica count (at least 1)
     * @param connect    opens the group's description at {@link #start}; closed at {@link #stop}
     */
    ReplicaShareWatcher(IntConsumer shareAmong, Supplier<GroupMembers> connect, String group, Duration refresh) {
        this.shareAmong = shareAmong;
        this.connect = connect;
        this.group = group;
        this.refresh = refresh;
    }

    @Override
    public void start() {
        // A refresh asked for just before a stop was discarded with its executor: a new start owes none.
        refreshAsked.set(false);
        members = connect.get();
        schedule = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "tim-replica-share");
            thread.setDaemon(true);
            return thread;
        });
        schedule.scheduleWithFixedDelay(this::refresh, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
        running = true;
    }

    /**
     * Describes the group again as soon as the watcher's thread is free, besides the poll; nothing before
     * {@link #start} or after {@link #stop}. Returns at once (callers are stream threads); a refresh asked for while
     * another waits to run is that one.
     */
    public void refreshNow() {
        ScheduledExecutorService executor = schedule;
        if (executor == null || !refreshAsked.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(() -> {
                refreshAsked.set(false);
                refresh();
            });
        } catch (RejectedExecutionException stopped) {
            refreshAsked.set(false);
        }
    }

    /** The group's members from Kafka's Admin client, with the service's own client settings. */
    private static Supplier<GroupMembers> adminMembers(Map<String, Object> kafkaClient, String group, Duration refresh) {
        return () -> {
            // A description that takes longer than a refresh is given up: the next one asks again.
            int timeoutMillis = (int) Math.max(1000, refresh.toMillis());
            Admin admin = Admin.create(adminProperties(kafkaClient, group, timeoutMillis));
            return new GroupMembers() {
                @Override
                public List<LiveReplicas.Member> describe(Duration timeout) throws Exception {
                    ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups()
                            .get(group).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    return description.members().stream().map(member ->
                            new LiveReplicas.Member(member.clientId(), member.groupInstanceId().orElse(null))).toList();
                }

                @Override
                public void close() {
                    admin.close(Duration.ofSeconds(1));
                }
            };
        };
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
            shareAmong.accept(LiveReplicas.count(members.describe(refresh)));
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
        if (members != null) {
            members.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
