package io.roomsync.rolesync.domain;

import io.roomsync.contract.member.MemberCommand;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Commands a room holds back while Tencent fails them (a retryable code after every retry, no answer, the circuit
 * breaker open): the failed command first, then every later command of the room in arrival order, so that a room's
 * commands still reach Tencent in the order they were given. The first is tried again when its time comes; the
 * Tencent calls made for it so far are kept with it, so its result counts every call across its tries.
 */
public interface HeldCommands {

    /** Whether the room holds commands back. */
    boolean holds(String roomKey);

    /** Appends {@code command} to the room's held commands (the first one starts holding the room). */
    void hold(String roomKey, MemberCommand command);

    /** The room's oldest held command. */
    Optional<MemberCommand> first(String roomKey);

    /** Drops the oldest, and counts no failure and no call against the next; the room is free again after its last. */
    void release(String roomKey);

    /**
     * When to try the room's first command again, how many of its tries have failed, and how many Tencent calls were
     * made for it so far (every try's calls, the client's own retries included).
     */
    void retryAt(String roomKey, Instant when, int failures, int calls);

    /** How many tries of the room's first command have failed (0 when the room holds nothing). */
    int failures(String roomKey);

    /** How many Tencent calls were made for the room's first command so far (0 when the room holds nothing). */
    int calls(String roomKey);

    /** The rooms whose time to try again has come. */
    List<String> due(Instant now);
}
