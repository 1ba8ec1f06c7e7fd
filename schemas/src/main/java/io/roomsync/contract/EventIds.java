package io.roomsync.contract;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Deterministic event ids (architecture, section 4): a name-based UUID (RFC 9562 version 5, SHA-1) in roomsync's own
 * namespace, over the app, the command and the body bytes exactly as received. A callback Tencent delivers twice
 * carries the same body, so it gets the same id, and consumers skip the second one. It lives in the contract because
 * anyone holding a callback as Tencent sent it can tell which event it became: the end-to-end harness matches the
 * callbacks ingest acknowledged against the events on the topic with it.
 */
public final class EventIds {

    /** roomsync's namespace for ImEvent ids; fixed forever, or ids change meaning. */
    static final UUID NAMESPACE = UUID.fromString("6f0c5a3e-2b4d-5c1e-9f3a-7d2e8b1c4a60");

    private EventIds() {
    }

    public static String of(long sdkAppId, String command, byte[] body) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(ByteBuffer.allocate(16).putLong(NAMESPACE.getMostSignificantBits())
                    .putLong(NAMESPACE.getLeastSignificantBits()).array());
            // The command is escaped so that its end is unambiguous ("A\nB" with body "C" is not "A" with body "B\nC");
            // Tencent's commands have neither '%' nor a line feed, so their ids are unchanged.
            sha1.update((sdkAppId + "\n" + Keys.escape(command, "\n") + "\n").getBytes(StandardCharsets.UTF_8));
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
}
