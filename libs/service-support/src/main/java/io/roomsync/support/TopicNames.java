package io.roomsync.support;

import io.roomsync.contract.Topic;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The topic names this deployment uses ({@code roomsync.topics.<topic>}, e.g. {@code roomsync.topics.im-events});
 * each defaults to the catalogue's name.
 */
@ConfigurationProperties("roomsync")
public class TopicNames {

    private final Map<Topic, String> topics = new EnumMap<>(Topic.class);

    public Map<Topic, String> getTopics() {
        return topics;
    }

    public String name(Topic topic) {
        return topics.getOrDefault(topic, topic.defaultName());
    }

    public String dlq(Topic topic) {
        return Topic.dlqName(name(topic));
    }
}
