package io.roomsync.rolesync.domain;

import io.roomsync.contract.member.ChangeCause;
import java.time.Instant;

/**
 * Why a member changed: the id of the command, event, reconcile observation or expiry, its kind, and when.
 *
 * @param id   command id, ImEvent id, observation id, or {@code expiry:<member>:<until>}
 * @param kind what kind of cause
 * @param at   when the change took effect (the state's changedAt)
 */
public record Cause(String id, ChangeCause kind, Instant at) {
}
