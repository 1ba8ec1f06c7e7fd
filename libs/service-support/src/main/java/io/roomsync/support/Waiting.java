package io.roomsync.support;

import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/** Serde halves whose every call goes through {@link RegistryWaits}; configuring and closing go to the delegate. */
final class Waiting {

    private Waiting() {
    }

    record WaitingDeserializer<T>(Deserializer<T> delegate, RegistryWaits waits) implements Deserializer<T> {
        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            delegate.configure(configs, isKey);
        }

        @Override
        public T deserialize(String topic, byte[] data) {
            return waits.call(() -> delegate.deserialize(topic, data));
        }

        @Override
        public T deserialize(String topic, Headers headers, byte[] data) {
            return waits.call(() -> delegate.deserialize(topic, headers, data));
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    record WaitingSerializer<T>(Serializer<T> delegate, RegistryWaits waits) implements Serializer<T> {
        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            delegate.configure(configs, isKey);
        }

        @Override
        public byte[] serialize(String topic, T data) {
            return waits.call(() -> delegate.serialize(topic, data));
        }

        @Override
        public byte[] serialize(String topic, Headers headers, T data) {
            return waits.call(() -> delegate.serialize(topic, headers, data));
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
