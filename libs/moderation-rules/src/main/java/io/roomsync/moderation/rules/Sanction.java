package io.roomsync.moderation.rules;

import io.roomsync.contract.moderation.LadderSanction;

/** What the ladder gives for an offence: a warning (counted, nothing more), or a mute or ban of {@code seconds}. */
public record Sanction(LadderSanction kind, long seconds, int offences) {
}
