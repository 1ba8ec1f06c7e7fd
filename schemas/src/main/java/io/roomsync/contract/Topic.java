package io.roomsync.contract;

import io.roomsync.contract.im.ImEvent;
import io.roomsync.contract.member.CommandResult;
import io.roomsync.contract.member.MemberCommand;
import io.roomsync.contract.member.MemberState;
import io.roomsync.contract.moderation.ModerationDecision;
import io.roomsync.contract.moderation.ModerationPolicy;
import io.roomsync.contract.notice.Notice;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * The topic catalogue: every topic of roomsync, its default name, key, value type and retention policy
 * (architecture, section 3). Names are defaults; each service lets its configuration override them. Every topic
 * has a dead-letter twin, {@code <name>.dlq}, for records a consumer could not decode or process after its retries,
 * each saying which service wrote it and why ({@link DeadLetterHeaders}).
 */
public enum Topic {

    IM_EVENTS("roomsync.im-events.v1", ImEvent.class,
            "group id (user id for app-wide callbacks)", Cleanup.DELETE, Duration.ofDays(7),
            "One event per accepted Tencent IM callback; commands roomsync does not know are kept as raw JSON."),
    MEMBER_COMMANDS("roomsync.member-commands.v1", MemberCommand.class,
            "group id", Cleanup.DELETE, Duration.ofDays(7),
            "Requests to grant or revoke admin, mute, unmute, ban or unban members, for role-sync to apply."),
    COMMAND_RESULTS("roomsync.command-results.v1", CommandResult.class,
            "group id", Cleanup.DELETE, Duration.ofDays(7),
            "The outcome of each member command: applied, rejected with Tencent's code, or failed after retries."),
    MEMBER_STATE("roomsync.member-state.v1", MemberState.class,
            "sdkAppId/groupId/userId, each id with % written %25 and / written %2F", Cleanup.COMPACT, null,
            "The permissions of every member of every live room; version increases by one per change of a member."),
    NOTICES("roomsync.notices.v1", Notice.class,
            "group id", Cleanup.DELETE, Duration.ofDays(1),
            "Messages for clients, delivered by notice-dispatch as Tencent custom messages."),
    MODERATION_DECISIONS("roomsync.moderation-decisions.v1", ModerationDecision.class,
            "group id", Cleanup.DELETE, Duration.ofDays(30),
            "Moderation's verdict on each message it acted on, with the rule and the evidence (audit trail)."),
    MODERATION_POLICY("roomsync.moderation-policy.v1", ModerationPolicy.class,
            "sdkAppId/groupId (groupId * for the app default), the group id with % written %25 and / written %2F",
            Cleanup.COMPACT, null,
            "The chat rules of each room and the app defaults, the latest of each key; read by moderation and ingest.");

    /** How Kafka keeps a topic's records. */
    public enum Cleanup {
        DELETE("delete"), COMPACT("compact");

        private final String configValue;

        Cleanup(String configValue) {
            this.configValue = configValue;
        }

        /** The value of the topic's {@code cleanup.policy}. */
        public String configValue() {
            return configValue;
        }
    }

    /** Retention of dead-letter topics: long enough for an operator to look and replay. */
    public static final Duration DLQ_RETENTION = Duration.ofDays(14);

    private final String defaultName;
    private final Class<? extends SpecificRecord> valueType;
    private final String key;
    private final Cleanup cleanup;
    private final Duration retention;
    private final String description;

    Topic(String defaultName, Class<? extends SpecificRecord> valueType, String key, Cleanup cleanup,
          Duration retention, String description) {
        this.defaultName = defaultName;
        this.valueType = valueType;
        this.key = key;
        this.cleanup = cleanup;
        this.retention = retention;
        this.description = description;
    }

    public String defaultName() {
        return defaultName;
    }

    /** The dead-letter topic of this topic's default name. */
    public String dlqName() {
        return dlqName(defaultName);
    }

    public static String dlqName(String topicName) {
        return topicName + ".dlq";
    }

    public Class<? extends SpecificRecord> valueType() {
        return valueType;
    }

    /** What the record key is, in words. */
    public String key() {
        return key;
    }

    public Cleanup cleanup() {
        return cleanup;
    }

    /** How long records are kept; empty for compacted topics, which keep the latest record of every key. */
    public Optional<Duration> retention() {
        return Optional.ofNullable(retention);
    }

    public String description() {
        return description;
    }

    /** Topic-level configuration to create this topic with. */
    public Map<String, String> configs() {
        return retention == null
                ? Map.of("cleanup.policy", cleanup.configValue(), "min.compaction.lag.ms", "0")
                : Map.of("cleanup.policy", cleanup.configValue(), "retention.ms", Long.toString(retention.toMillis()));
    }

    /** Configuration of this topic's dead-letter twin. */
    public static Map<String, String> dlqConfigs() {
        return Map.of("cleanup.policy", Cleanup.DELETE.configValue(), "retention.ms", Long.toString(DLQ_RETENTION.toMillis()));
    }
}
