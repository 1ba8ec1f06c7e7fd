package io.roomsync.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.roomsync.contract.member.MemberCommand;
import io.roomsync.support.DecodeFailures.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each case the issue lists, with the failure Apicurio's own deserializer throws for it (not a hand-made exception):
 * against a closed port, and against {@link StubRegistry} answering a given status.
 */
class DecodeFailuresTest {

    /** Magic byte 0, content id 7, then Avro data. */
    private static final byte[] SCHEMA_7 = {0, 0, 0, 0, 7, 2, 4, 6};

    private final StubRegistry registry = new StubRegistry();

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void aRegistryThatRefusesTheConnectionIsWaitedFor() throws IOException {
        String closed = "http://127.0.0.1:" + closedPort() + "/apis/registry/v3";

        Throwable failure = decode(closed, SCHEMA_7);

        assertThat(DecodeFailures.classify(failure)).isEqualTo(Verdict.WAIT);
        assertThat(DecodeFailures.reason(failure)).isEqualTo("registry unreachable: java.net.ConnectException");
    }

    @Test
    void aRegistryAnswering500Or503IsWaitedFor() {
        registry.status = 500;
        Throwable internalError = decode(registry.apiUrl(), SCHEMA_7);
        registry.status = 503;
        Throwable unavailable = decode(registry.apiUrl(), SCHEMA_7);

        assertThat(DecodeFailures.classify(internalError)).isEqualTo(Verdict.WAIT);
        assertThat(DecodeFailures.reason(internalError)).isEqualTo("registry answered 500");
        assertThat(DecodeFailures.classify(unavailable)).isEqualTo(Verdict.WAIT);
        assertThat(DecodeFailures.reason(unavailable)).isEqualTo("registry answered 503");
    }

    @Test
    void aSchemaIdTheRegistryDoesNotKnowIsDeadLettered() {
        registry.status = 404;

        Throwable failure = decode(registry.apiUrl(), SCHEMA_7);

        assertThat(DecodeFailures.classify(failure)).isEqualTo(Verdict.DEAD_LETTER);
        assertThat(DecodeFailures.reason(failure)).isEqualTo("record cannot be decoded");
    }

    @Test
    void aRecordWithoutTheMagicByteIsDeadLetteredWithoutAskingTheRegistry() {
        registry.status = 503;

        Throwable notAvro = decode(registry.apiUrl(), "{\"room\":\"r1\"}".getBytes());
        Throwable empty = decode(registry.apiUrl(), new byte[0]);
        Throwable shorterThanTheHeader = decode(registry.apiUrl(), new byte[] {0, 0, 1});

        assertThat(notAvro).isInstanceOf(IllegalStateException.class).hasMessage("artifact reference cannot be null");
        assertThat(DecodeFailures.classify(notAvro)).isEqualTo(Verdict.DEAD_LETTER);
        assertThat(DecodeFailures.classify(empty)).isEqualTo(Verdict.DEAD_LETTER);
        assertThat(DecodeFailures.classify(shorterThanTheHeader)).isEqualTo(Verdict.DEAD_LETTER);
    }

    @Test
    void avroDataThatDoesNotMatchItsSchemaIsDeadLettered() {
        // The stub serves MemberCommand's schema; these bytes end inside its first string.
        Throwable truncated = decode(registry.apiUrl(), new byte[] {0, 0, 0, 0, 8, 40, 'a'});

        assertThat(truncated).isInstanceOf(UncheckedIOException.class).hasRootCauseInstanceOf(java.io.EOFException.class);
        assertThat(DecodeFailures.classify(truncated)).isEqualTo(Verdict.DEAD_LETTER);
    }

    @Test
    void anIoFailureOfTheRecordsOwnBytesIsNotTakenForANetworkFailure() {
        Throwable truncated = new UncheckedIOException(new java.io.EOFException());

        assertThat(DecodeFailures.classify(truncated)).isEqualTo(Verdict.DEAD_LETTER);
    }

    @Test
    void aConnectionTheRegistryClosedUnderTheJdkHttpClientIsWaitedFor() {
        // Given the plain IOException the JDK's HTTP client throws for a kept-alive connection the registry closed
        java.io.IOException closed = new java.io.IOException("HTTP/1.1 header parser received no bytes");
        closed.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("jdk.internal.net.http.HttpClientImpl", "send", "HttpClientImpl.java", 964),
                new StackTraceElement("com.microsoft.kiota.http.JdkRequestAdapter", "send", "JdkRequestAdapter.java", 200)});

        // When classified, as the serde wraps it, Then waited for (it was dead-lettered as the record's own fault)
        assertThat(DecodeFailures.classify(new RuntimeException(new RuntimeException(closed)))).isEqualTo(Verdict.WAIT);
        assertThat(DecodeFailures.reason(new RuntimeException(closed))).isEqualTo("registry unreachable: java.io.IOException");
    }

    @Test
    void anEofThrownByAvroReadingATruncatedRecordIsDeadLettered() {
        // Given the EOFException Avro's decoder throws for a record cut short
        java.io.EOFException cut = new java.io.EOFException();
        cut.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("org.apache.avro.io.BinaryDecoder", "ensureBounds", "BinaryDecoder.java", 542)});

        // When classified, Then a dead letter: no registry was involved
        assertThat(DecodeFailures.classify(new UncheckedIOException(cut))).isEqualTo(Verdict.DEAD_LETTER);
    }

    @Test
    void aCauseChainThatLoopsIsReadOnce() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);

        assertThat(DecodeFailures.classify(first)).isEqualTo(Verdict.DEAD_LETTER);
    }

    static Throwable decode(String registryUrl, byte[] value) {
        Deserializer<MemberCommand> deserializer = new AvroSerdes(registryUrl, new RegistryWaits()).<MemberCommand>value()
                .deserializer();
        // The waiting half would retry WAIT failures: the classifier is asked about the serde's own failure.
        Deserializer<MemberCommand> apicurio = ((Waiting.WaitingDeserializer<MemberCommand>) deserializer).delegate();
        Throwable failure = catchThrowable(() -> apicurio.deserialize("roomsync.member-commands.v1", new RecordHeaders(), value));
        assertThat(failure).as("decoding fails").isNotNull();
        return failure;
    }

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
