package io.roomsync.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.roomsync.contract.member.MemberAction;
import io.roomsync.contract.member.MemberCommand;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.util.backoff.ExponentialBackOff;

class RegistryWaitsTest {

    private static final Instant NOW = Instant.parse("2026-11-29T21:00:00Z");

    private final List<Long> sleeps = new ArrayList<>();
    private final List<Optional<RegistryWaits.Waiting>> seenWhileAsleep = new ArrayList<>();
    private RegistryWaits waits;

    RegistryWaitsTest() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(10_000);
        waits = new RegistryWaits(backOff::start, Clock.fixed(NOW, ZoneOffset.UTC), millis -> {
            sleeps.add(millis);
            seenWhileAsleep.add(waits.waiting());
        });
    }

    @Test
    void aCallFailingWhileTheRegistryIsUnreachableIsRetriedWithBackOffUntilItSucceeds() {
        // Given a call that finds the registry down three times
        int[] attempts = {0};

        // When it runs
        String result = waits.call(() -> {
            if (++attempts[0] <= 3) {
                throw new RuntimeException(new RuntimeException(new ConnectException()));
            }
            return "decoded";
        });

        // Then it waited 0.5, 1 and 2 s, was seen waiting meanwhile, and waits no more
        assertThat(result).isEqualTo("decoded");
        assertThat(sleeps).containsExactly(500L, 1000L, 2000L);
        assertThat(seenWhileAsleep).containsOnly(Optional.of(
                new RegistryWaits.Waiting(NOW, "registry unreachable: java.net.ConnectException", 1)));
        assertThat(waits.waits()).isEqualTo(3);
        assertThat(waits.waiting()).isEmpty();
    }

    @Test
    void aRecordThatCanNeverBeDecodedFailsAtOnce() {
        IllegalStateException notAvro = new IllegalStateException("artifact reference cannot be null");

        Throwable failure = catchThrowable(() -> waits.call(() -> {
            throw notAvro;
        }));

        assertThat(failure).isSameAs(notAvro);
        assertThat(sleeps).isEmpty();
        assertThat(waits.waits()).isZero();
    }

    @Test
    void onceClosedAWaitingCallGivesUpWithItsFailure() {
        RuntimeException down = new RuntimeException(new ConnectException());
        waits = new RegistryWaits(new ExponentialBackOff()::start, Clock.systemUTC(), millis -> waits.close());

        Throwable failure = catchThrowable(() -> waits.call(() -> {
            throw down;
        }));

        assertThat(failure).isSameAs(down);
        assertThat(waits.waits()).isEqualTo(1);
        assertThat(waits.waiting()).isEmpty();
    }

    @Test
    void readinessIsDownWithTheReasonWhileARecordWaitsAndUpAfterwards() {
        List<Health> during = new ArrayList<>();
        waits = new RegistryWaits(new ExponentialBackOff()::start, Clock.fixed(NOW, ZoneOffset.UTC),
                millis -> during.add(indicatorOf().health()));
        int[] attempts = {0};

        waits.call(() -> {
            if (++attempts[0] == 1) {
                throw new RuntimeException(new ConnectException());
            }
            return "decoded";
        });

        assertThat(during).hasSize(1);
        assertThat(during.get(0).getStatus()).isEqualTo(Status.DOWN);
        assertThat(during.get(0).getDetails()).containsEntry("waitingSince", "2026-11-29T21:00:00Z")
                .containsEntry("reason", "registry unreachable: java.net.ConnectException")
                .containsEntry("waitingCalls", 1).containsEntry("waits", 1L);
        Health after = indicatorOf().health();
        assertThat(after.getStatus()).isEqualTo(Status.UP);
        assertThat(after.getDetails()).containsEntry("waits", 1L);
    }

    @Test
    void aRecordReadWhileTheRegistryAnswers503IsDecodedOnceItAnswersAgain() {
        // Given the registry answers 503 until the first wait
        try (StubRegistry registry = new StubRegistry()) {
            registry.status = 503;
            waits = new RegistryWaits(new ExponentialBackOff()::start, Clock.systemUTC(), millis -> registry.status = 200);
            MemberCommand mute = MemberCommand.newBuilder().setId("c1").setSdkAppId(1400000000L).setRoom("r1")
                    .setMembers(List.of("m1")).setAction(MemberAction.MUTE).setDurationSeconds(60L).setReason(null)
                    .setRequester("ops").setRequestedAt(NOW).build();

            // When a serde of AvroSerdes decodes a record written with schema 7
            MemberCommand read = new AvroSerdes(registry.apiUrl(), waits).<MemberCommand>value().deserializer()
                    .deserialize("roomsync.member-commands.v1", new RecordHeaders(), withSchemaId(7, mute));

            // Then it was not given up on: it waited once and read the record whole
            assertThat(waits.waits()).isEqualTo(1);
            assertThat(read).isEqualTo(mute);
        }
    }

    /** Apicurio's framing: magic byte 0, the 4-byte content id, then the Avro binary data. */
    private static byte[] withSchemaId(int contentId, MemberCommand command) {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            out.write(java.nio.ByteBuffer.allocate(5).put((byte) 0).putInt(contentId).array());
            org.apache.avro.io.BinaryEncoder encoder = org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
            new org.apache.avro.specific.SpecificDatumWriter<>(MemberCommand.class).write(command, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private RegistryWaitsHealthIndicator indicatorOf() {
        return new RegistryWaitsHealthIndicator(waits);
    }
}
