package io.roomsync.scenario;

import java.util.List;

/**
 * Whether a stack under steady load has settled, judged by the load's own waits: the failover pause's baseline must be
 * the steady state, not the tail of a backlog. A freshly started stack queues commands for a while (its JVMs compile
 * under load, its groups rebalance as the replicas join, its first calls to Tencent and the registry are slow), and a
 * fixed warm-up either wastes time on a quiet machine or ends inside that backlog on a busy one.
 *
 * <p>The rule: a command is <em>late</em> when it waited longer than {@code bound} for its state or for its notice, or
 * still waits after {@code bound}. The load has been steady since the latest late command was sent (or since it began,
 * if none was late); the evidence reaches up to {@code bound} before now (a later command may still turn out late).
 * The stack is settled once that steady stretch lasts {@code steadyFor}: every command sent in it was done within the
 * bound.
 */
public final class Settling {

    /**
     * The rule's two lengths.
     *
     * @param boundMillis     the longest wait (for the state, and for the notice) a settled stack's command may take, ms
     * @param steadyForMillis how long a stretch of load without a late command must be, ms
     */
    public record Rule(long boundMillis, long steadyForMillis) {

        public Rule {
            if (boundMillis <= 0 || steadyForMillis <= 0) {
                throw new IllegalArgumentException("the bound and the steady stretch must be positive: " + boundMillis + ", " + steadyForMillis);
            }
        }
    }

    /**
     * Where the load stands.
     *
     * @param steadyMillis how long the stretch without a late command is, up to {@code bound} before now (0 if none)
     * @param late         commands late so far
     * @param settled      whether the stretch lasts the rule's {@code steadyFor}
     */
    public record Verdict(long steadyMillis, int late, boolean settled) {
    }

    private Settling() {
    }

    /**
     * Judges {@code samples} (every command sent since the load began at {@code loadStartMillis}, in any order) at
     * {@code nowMillis}; all times on the samples' clock, ms.
     */
    public static Verdict judge(List<PauseFigures.Sample> samples, long loadStartMillis, long nowMillis, Rule rule) {
        long steadySince = loadStartMillis;
        int late = 0;
        for (PauseFigures.Sample sample : samples) {
            if (late(sample, nowMillis, rule.boundMillis())) {
                late++;
                // Just after it: the stretch holds only commands sent after the late one.
                steadySince = Math.max(steadySince, sample.sentMillis() + 1);
            }
        }
        long steady = Math.max(0, nowMillis - rule.boundMillis() - steadySince);
        return new Verdict(steady, late, steady >= rule.steadyForMillis());
    }

    private static boolean late(PauseFigures.Sample sample, long nowMillis, long bound) {
        return waited(sample.sentMillis(), sample.stateMillis(), nowMillis) > bound
                || waited(sample.sentMillis(), sample.noticeMillis(), nowMillis) > bound;
    }

    /** How long a command waited for an outcome seen at {@code seenMillis}, or has waited so far if it was not seen (-1). */
    private static long waited(long sentMillis, long seenMillis, long nowMillis) {
        return (seenMillis < 0 ? nowMillis : seenMillis) - sentMillis;
    }
}
