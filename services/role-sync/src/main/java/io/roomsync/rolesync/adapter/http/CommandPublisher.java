package io.roomsync.rolesync.adapter.http;

import io.roomsync.contract.Keys;
import io.roomsync.contract.Topic;
import io.roomsync.contract.member.MemberCommand;
import io.roomsync.support.TopicNames;
import java.util.concurrent.TimeUnit;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Publishes commands of the HTTP API on roomsync.member-commands.v1, keyed by room, and waits for the broker. */
@Component
public class CommandPublisher {

    /** Kafka did not take the command: nothing was requested. */
    public static class NotPublished extends RuntimeException {
        NotPublished(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final KafkaTemplate<String, MemberCommand> template;
    private final String topic;

    public CommandPublisher(KafkaTemplate<String, MemberCommand> template, TopicNames topics) {
        this.template = template;
        this.topic = topics.name(Topic.MEMBER_COMMANDS);
    }

    public void publish(MemberCommand command) {
        try {
            template.send(topic, Keys.room(command.getRoom()), command).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new NotPublished("the command could not be published to Kafka; nothing was requested", e);
        }
    }
}
