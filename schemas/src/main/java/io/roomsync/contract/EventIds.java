package io.roomsync.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Deterministic event ids (architecture, section 4): a name-based UUID (RFC 9562 version 5, SHA-1) in roomsync's own
 * namespace, derived only from the callback as Tencent sent it, so that anyone holding it (ingest, the emulator's
 * journal, the scenario's ledger, the fuzz suite) can tell which event it became.
 *
 * <p>An id must tell two deliveries of one callback (one event: skip the second) apart from two callbacks that
 * happen to have the same body (two events: apply both). The inputs:
 * <ul>
 *   <li>the app, the command and the body bytes exactly as received, always;</li>
 *   <li>the delivery's {@code RequestTime} (query parameter, Unix seconds, covered by the {@code Sign}) only when
 *       the body carries no {@code EventTime}.</li>
 * </ul>
 * Why. A body with an {@code EventTime} (milliseconds, Tencent's stamp of the event) already differs between two
 * events, and is the same in every delivery of one: a Tencent retry (after-callbacks, when retry on timeout is
 * turned on in the console) is recognised whether or not Tencent signs it again with a new {@code RequestTime}
 * (which it does is unconfirmed). A body without one (the older revision of
 * {@code Group.CallbackOnMemberStateChange}, https://www.tencentcloud.com/document/product/1047/48734, shows none) is
 * the same for Offline, Online, Offline of one member: only the delivery's time tells those apart. Then a Tencent
 * retry that keeps its {@code RequestTime} is still one event, and one signed again (at least Tencent's 2 s timeout
 * later) becomes a second event: applying a member's state twice is harmless, dropping a real change is not.
 * Nothing else in a delivery differs: {@code Sign} is a function of the token and {@code RequestTime}, and
 * {@code ClientIP}/{@code OptPlatform} describe the user's client, not the delivery (the state-change callback
 * has neither). Limits: two callbacks with the same body, no {@code EventTime}, in the same second (or without
 * callback authentication, when Tencent sends no {@code RequestTime}) are one event.
 *
 * <p>Ingest publishes each delivery once (one HTTP request, one send of an idempotent producer); a delivery it answered
 * 503 after its publish timeout may still reach Kafka, and a second delivery of it then has the same id, or the
 * second-event case above. Anything that publishes the same request again (a proxy retrying it, a dead letter
 * replayed) gets the same id, because nothing of ingest's own (its clock, a counter) goes into it.
 *
 * <p>"Has an {@code EventTime}": the body is a JSON object with a top-level {@code EventTime} that is neither
 * {@code null} nor the empty string, exactly when ingest's {@code ImEvent.eventTime} is set. A body that is not a JSON
 * object has none (ingest refuses it anyway).
 */
public final class EventIds {

    /** roomsync's namespace for ImEvent ids; fixed forever, or ids change meaning. */
    static final UUID NAMESPACE = UUID.fromString("6f0c5a3e-2b4d-5c1e-9f3a-7d2e8b1c4a60");

    private static final String EVENT_TIME = "EventTime";
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private EventIds() {
    }

    /**
     * The id of the event a callback becomes.
     *
     * @param sdkAppId    the {@code SdkAppid} query parameter
     * @param command     the callback command (body's {@code CallbackCommand}, else the query's)
     * @param body        the body bytes exactly as received
     * @param requestTime the {@code RequestTime} query parameter exactly as sent (Unix seconds), or null when the
     *                    delivery had none (unsigned callbacks); used only when the body has no {@code EventTime}
     * @return a version 5 UUID in its canonical text form
     */
    public static String of(long sdkAppId, String command, byte[] body, String requestTime) {
        boolean delivery = requestTime != null && !requestTime.isEmpty() && !hasEventTime(body);
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(ByteBuffer.allocate(16).putLong(NAMESPACE.getMostSignificantBits())
                    .putLong(NAMESPACE.getLeastSignificantBits()).array());
            // The command is escaped so that its end is unambiguous ("A\nB" with body "C" is not "A" with body "B\nC");
            // Tencent's commands have neither '%' nor a line feed, so their ids are unchanged.
            sha1.update((sdkAppId + "\n" + Keys.escape(command, "\n") + "\n").getBytes(StandardCharsets.UTF_8));
            if (delivery) {
                // A prefix a body cannot start with ('@' is not JSON), so no body of another callback reads the same;
                // ids of callbacks with an EventTime (or without RequestTime) are unchanged from earlier versions.
                sha1.update(("@" + Keys.escape(requestTime, "\n") + "\n").getBytes(StandardCharsets.UTF_8));
            }
            sha1.update(body);
            byte[] hash = sha1.digest();
            hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
            hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
            ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
            return new UUID(bytes.getLong(), bytes.getLong()).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    /**
     * Whether the body is a JSON object with a top-level {@code EventTime} that is neither null nor "" (read with
     * Jackson's streaming parser, skipping every other value whole; false for anything that is not a JSON object).
     */
    static boolean hasEventTime(byte[] body) {
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (EVENT_TIME.equals(name)) {
                    return value != JsonToken.VALUE_NULL
                            && !(value == JsonToken.VALUE_STRING && parser.getText().isEmpty());
                }
                parser.skipChildren();
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
