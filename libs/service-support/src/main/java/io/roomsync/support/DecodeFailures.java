package io.roomsync.support;

import com.microsoft.kiota.ApiException;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Decides whether a record that Apicurio's Avro serde failed to decode (or encode) can ever be decoded: the one rule
 * that tells a dead letter from a wait. Pure: it reads the failure's cause chain only.
 *
 * <p>What the serde (Apicurio 3.1.7, JDK HTTP adapter) throws, observed against a stub registry and a closed port:
 * <ul>
 *   <li>registry down (connection refused): {@code RuntimeException(RuntimeException(java.net.ConnectException(
 *       java.net.ConnectException(java.nio.channels.ClosedChannelException))))};</li>
 *   <li>registry answering 5xx: {@code RuntimeException(kiota ApiException)} with the answer's status
 *       ({@code ProblemDetails} for a 500 with a problem body, a plain {@code ApiException} for a 503);</li>
 *   <li>unknown schema id: the same with status 404 ({@code ProblemDetails}, the registry's answer to
 *       {@code GET /ids/contentIds/{id}});</li>
 *   <li>no magic byte / not Avro at all: {@code IllegalStateException("artifact reference cannot be null")}, or for a
 *       record shorter than the 5-byte header {@code ArrayIndexOutOfBoundsException} / {@code BufferUnderflowException};
 *       the registry is not asked;</li>
 *   <li>Avro data that does not match its schema: Avro's own exceptions ({@code AvroRuntimeException},
 *       {@code ArrayIndexOutOfBoundsException}), or {@code UncheckedIOException(EOFException)} for truncated data.</li>
 * </ul>
 * A registry that accepts the connection and never answers blocks the call (the serde sets no request timeout).
 *
 * <p>The rule: a failure is {@link Verdict#WAIT} when its chain holds a network failure on the way to the registry (an
 * {@link IOException} of {@code java.net}, {@code java.net.http}, {@code java.nio.channels} or {@code javax.net.ssl}, or
 * any {@link IOException} thrown inside the JDK's HTTP client)
 * or an answer of the registry other than 404 (5xx, 408, 429, but also 401/403: a service without access can decode
 * nothing, and the record is not at fault). A 404 says the schema id does not exist, and everything else is a fault of
 * the record's bytes: {@link Verdict#DEAD_LETTER}.
 */
public final class DecodeFailures {

    /** What to do with the record whose decoding failed. */
    public enum Verdict {
        /** The registry could not be asked or did not answer usefully: wait, then decode the same record again. */
        WAIT,
        /** The record can never be decoded: write it to the dead-letter topic and go on. */
        DEAD_LETTER
    }

    private static final int NOT_FOUND = 404;
    private static final int MAX_DEPTH = 32;

    private DecodeFailures() {
    }

    /** The verdict on {@code failure}, thrown by the serde's {@code deserialize} or {@code serialize}. */
    public static Verdict classify(Throwable failure) {
        return registryTrouble(failure) != null ? Verdict.WAIT : Verdict.DEAD_LETTER;
    }

    /**
     * What kept the registry from answering, for readiness details and logs: e.g. {@code "registry unreachable:
     * java.net.ConnectException"} or {@code "registry answered 503"}; {@code "record cannot be decoded"} for a
     * {@link Verdict#DEAD_LETTER}.
     */
    public static String reason(Throwable failure) {
        String trouble = registryTrouble(failure);
        return trouble != null ? trouble : "record cannot be decoded";
    }

    private static String registryTrouble(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable cause = failure; cause != null && seen.size() < MAX_DEPTH && seen.put(cause, true) == null;
             cause = cause.getCause()) {
            if (cause instanceof ApiException answer) {
                int status = answer.getResponseStatusCode();
                return status == NOT_FOUND ? null : "registry answered " + status;
            }
            if (cause instanceof IOException && (isNetwork(cause.getClass().getPackageName()) || thrownByHttpClient(cause))) {
                return "registry unreachable: " + cause.getClass().getName();
            }
        }
        return null;
    }

    /**
     * The JDK's HTTP client reports some network failures as a plain {@link IOException} (a kept-alive connection the
     * registry closed: "HTTP/1.1 header parser received no bytes", or an {@code EOFException}): known by where it was
     * thrown, which keeps it apart from the same types thrown by Avro reading a truncated record.
     */
    private static boolean thrownByHttpClient(Throwable failure) {
        for (StackTraceElement frame : failure.getStackTrace()) {
            String type = frame.getClassName();
            if (type.startsWith("jdk.internal.net.http.") || type.startsWith("java.net.http.")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNetwork(String packageName) {
        return packageName.equals("java.net") || packageName.equals("java.net.http")
                || packageName.equals("java.nio.channels") || packageName.equals("javax.net.ssl");
    }
}
