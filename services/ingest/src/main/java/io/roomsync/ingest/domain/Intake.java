package io.roomsync.ingest.domain;

import io.roomsync.contract.im.ImEvent;

/** What ingest makes of one callback: an event to publish under a key, or a refusal with its reason. */
public sealed interface Intake {

    /** A genuine, well-formed callback: publish {@code event} under {@code key}. */
    record Accepted(String key, ImEvent event) implements Intake {
    }

    /** A refused callback; {@code detail} says what exactly, for the reply and the log (never a secret). */
    record Refused(Rejection reason, String detail) implements Intake {
        public Refused(Rejection reason) {
            this(reason, reason.description());
        }
    }
}
