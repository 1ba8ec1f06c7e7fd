package io.roomsync.moderation.domain;

import io.roomsync.contract.moderation.MemberSanction;
import io.roomsync.contract.moderation.MessageVerdict;
import io.roomsync.contract.moderation.ModerationDecision;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A room's moderation per minute, for the operator console's chart (README, "Operator console"): per wall-clock
 * minute (UTC), how many messages a rule decided on, how many of them were recalled after delivery, and how many
 * decisions sanctioned the sender (a mute or a ban). Messages no rule caught leave no decision, so they are not
 * counted: the chart shows moderation's work, not the room's traffic.
 */
public final class DecisionRates {

    /** The longest chart, in minutes (the decision log is read at most {@code DecisionLog.SCAN} records back). */
    public static final int MAX_MINUTES = 60;

    /**
     * One minute.
     *
     * @param minute    its start (UTC, whole minute)
     * @param decisions messages a rule decided on (any verdict)
     * @param recalls   of those, recalled after delivery ({@code RECALL})
     * @param sanctions decisions that muted or banned the sender
     */
    public record Minute(Instant minute, int decisions, int recalls, int sanctions) {
    }

    private DecisionRates() {
    }

    /**
     * The last {@code minutes} minutes up to and including the one {@code now} is in, oldest first, each present even
     * when nothing happened; decisions outside them are ignored.
     *
     * @throws IllegalArgumentException when {@code minutes} is not 1 to {@link #MAX_MINUTES}
     */
    public static List<Minute> perMinute(Iterable<ModerationDecision> decisions, Instant now, int minutes) {
        if (minutes < 1 || minutes > MAX_MINUTES) {
            throw new IllegalArgumentException("minutes is between 1 and " + MAX_MINUTES + ", was " + minutes);
        }
        Instant first = now.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(minutes - 1L));
        int[][] counts = new int[minutes][3];
        for (ModerationDecision decision : decisions) {
            long index = Duration.between(first, decision.getDecidedAt()).toMinutes();
            if (decision.getDecidedAt().isBefore(first) || index >= minutes) {
                continue;
            }
            int[] minute = counts[(int) index];
            minute[0]++;
            minute[1] += decision.getVerdict() == MessageVerdict.RECALL ? 1 : 0;
            minute[2] += decision.getAction() == MemberSanction.MUTE || decision.getAction() == MemberSanction.BAN ? 1 : 0;
        }
        List<Minute> chart = new ArrayList<>(minutes);
        for (int i = 0; i < minutes; i++) {
            chart.add(new Minute(first.plus(Duration.ofMinutes(i)), counts[i][0], counts[i][1], counts[i][2]));
        }
        return chart;
    }
}
