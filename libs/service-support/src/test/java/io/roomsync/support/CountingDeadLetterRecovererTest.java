package io.roomsync.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class CountingDeadLetterRecovererTest {

    @Test
    void aRecordThatFailedBecauseTheRegistryWasUnreachableIsNotDeadLettered() {
        // Given role-sync's recoverer, with an observer that would count a dead letter
        List<String> counted = new ArrayList<>();
        CountingDeadLetterRecoverer recoverer = new CountingDeadLetterRecoverer("roomsync-role-sync",
                () -> List.of((topic, failure) -> counted.add(topic)));
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("roomsync.member-commands.v1", 2, 41L, null,
                new byte[] {0, 0, 0, 0, 7, 2});
        RuntimeException registryDown = new RuntimeException(new RuntimeException(new ConnectException()));

        // When the binder's handler hands it the decoding failure
        Throwable refused = catchThrowable(() -> recoverer.accept(record, registryDown));

        // Then it refuses (the handler answers FAIL: the record is read again), and nothing was counted
        assertThat(refused).isInstanceOf(IllegalStateException.class).hasCause(registryDown)
                .hasMessage("not dead-lettered: roomsync.member-commands.v1-2@41 failed because registry unreachable: "
                        + "java.net.ConnectException; it is read again");
        assertThat(counted).isEmpty();
    }
}
