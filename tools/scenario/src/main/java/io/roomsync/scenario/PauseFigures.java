package io.roomsync.scenario;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The failover pause in figures: of the commands sent in a window of steady load, how long each waited until role-sync
 * applied it (its state: the member listed muted) and until the room's client showed it (its notice), the longest of
 * each and the median, and a fault window's longest waits over the same load's without a fault (the ratio).
 */
public final class PauseFigures {

    /**
     * One command and what became of it.
     *
     * @param room        the room
     * @param sentMillis  when it was first sent (ms, any common origin)
     * @param stateMillis when its state was first seen applied, or -1 if never
     * @param noticeMillis when the room's client first showed it, or -1 if never
     */
    public record Sample(String room, long sentMillis, long stateMillis, long noticeMillis) {

        long stateWait() {
            return stateMillis < 0 ? -1 : stateMillis - sentMillis;
        }

        long noticeWait() {
            return noticeMillis < 0 ? -1 : noticeMillis - sentMillis;
        }
    }

    /**
     * A window's waits, in ms.
     *
     * @param commands      commands sent in it
     * @param unresolved    of which never seen applied or never shown (the run gave up on them)
     * @param stateMax      longest wait for its state; {@code stateRoom} the room it was in
     * @param stateMedian   median wait for its state
     * @param noticeMax     longest wait for its notice; {@code noticeRoom} the room it was in
     * @param noticeMedian  median wait for its notice
     * @param slowRooms     rooms where some command waited longer for its notice than {@code slowOver} ms
     */
    public record Window(int commands, int unresolved, long stateMax, String stateRoom, long stateMedian, long noticeMax,
                         String noticeRoom, long noticeMedian, int slowRooms, long slowOver) {

        /** One line: "state max 412 ms (median 95), notice max 880 ms (median 310), 50 commands". */
        public String describe() {
            return String.format(Locale.ROOT, "state max %,6d ms (median %,5d), notice max %,6d ms (median %,5d); %d commands%s%s",
                    stateMax, stateMedian, noticeMax, noticeMedian, commands,
                    unresolved == 0 ? "" : ", " + unresolved + " UNRESOLVED",
                    slowOver <= 0 ? "" : ", " + slowRooms + " rooms over " + slowOver + " ms");
        }
    }

    private PauseFigures() {
    }

    /**
     * The figures of {@code samples}; a room counts as slow when one of its commands waited longer than {@code slowOver}
     * ms for its notice (0: not counted). An unresolved sample counts as unresolved, not in the waits.
     *
     * @throws IllegalArgumentException when there is no sample
     */
    public static Window of(List<Sample> samples, long slowOver) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no command in the window");
        }
        List<Sample> resolved = samples.stream().filter(s -> s.stateMillis() >= 0 && s.noticeMillis() >= 0).toList();
        if (resolved.isEmpty()) {
            return new Window(samples.size(), samples.size(), -1, "-", -1, -1, "-", -1, 0, slowOver);
        }
        Sample byState = resolved.stream().max(Comparator.comparingLong(Sample::stateWait)).orElseThrow();
        Sample byNotice = resolved.stream().max(Comparator.comparingLong(Sample::noticeWait)).orElseThrow();
        int slow = slowOver <= 0 ? 0 : (int) resolved.stream().filter(s -> s.noticeWait() > slowOver).map(Sample::room).distinct().count();
        return new Window(samples.size(), samples.size() - resolved.size(), byState.stateWait(), byState.room(),
                median(resolved.stream().map(Sample::stateWait).toList()), byNotice.noticeWait(), byNotice.room(),
                median(resolved.stream().map(Sample::noticeWait).toList()), slow, slowOver);
    }

    /**
     * The samples sent at or after {@code fromMillis} and before {@code untilMillis}, in their order: the part of a fault
     * window before the struck replicas were back, or after it (where their tasks moving back to them cost what they
     * cost).
     */
    public static List<Sample> sentBetween(List<Sample> samples, long fromMillis, long untilMillis) {
        return samples.stream().filter(s -> s.sentMillis() >= fromMillis && s.sentMillis() < untilMillis).toList();
    }

    /** The fault window's longest wait over the baseline's, for the state and the notice: "12.4x / 9.8x"; empty without waits. */
    public static Optional<String> ratio(Window fault, Window baseline) {
        if (baseline.stateMax() <= 0 || baseline.noticeMax() <= 0 || fault.stateMax() < 0) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "%.1fx / %.1fx", fault.stateMax() / (double) baseline.stateMax(),
                fault.noticeMax() / (double) baseline.noticeMax()));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get((sorted.size() - 1) / 2);
    }
}
