package io.roomsync.ingest.domain;

import io.roomsync.contract.im.ImEvent;

/** What ingest makes of one callback: an event to publish under a key, or a refusal with its reason. */
public sealed interface Intake {

    /**
     * A genuine, well-formed callback: publish {@code event} under {@code key}, then answer Tencent with
     * {@code answer} (UTF-8 JSON; null for the plain OK).
     */
    record Accepted(String key, ImEvent event, byte[] answer) implements Intake {

        /** Accepted, answered with the plain OK. */
        public Accepted(String key, ImEvent event) {
            this(key, event, null);
        }
    }

    /** A refused callback; {@code detail} says what exactly, for the reply and the log (never a secret). */
    record Refused(Rejection reason, String detail) implements Intake {
        public Refused(Rejection reason) {
            this(reason, reason.description());
        }
    }
}
