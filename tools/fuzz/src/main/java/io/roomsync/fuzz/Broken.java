package io.roomsync.fuzz;

/**
 * An invariant one answer (or the system afterwards) broke.
 *
 * @param invariant a short fixed name: {@code no-answer}, {@code 5xx}, {@code not-json}, {@code foreign-shape},
 *                  {@code wrong-answer}, {@code refusal-table}, {@code not-ready}, {@code counters},
 *                  {@code ledger}, {@code canary}
 * @param detail    what exactly, in words
 */
public record Broken(String invariant, String detail) {
}
