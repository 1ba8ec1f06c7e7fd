package io.roomsync.moderation.rules;

import io.roomsync.contract.moderation.LadderSanction;
import io.roomsync.contract.moderation.LadderStep;
import io.roomsync.contract.moderation.ModerationPolicy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules on how members behave over time, as pure functions of what was remembered and what just happened:
 * <ul>
 *   <li>flood: more than {@code floodMessages} messages from one member within {@code floodWindowSeconds};</li>
 *   <li>repeat: more than {@code repeatMessages} copies of one text from one member within {@code repeatWindowSeconds};</li>
 *   <li>spam wave: one text from more than {@code waveMembers} members of the room within {@code waveWindowSeconds};</li>
 *   <li>the ladder: an offence is remembered for {@code offenceMemorySeconds}; the step with the most offences not
 *       above the count decides the sanction; below the first step, a warning.</li>
 * </ul>
 * Texts shorter than {@link #MIN_REPEATED_LENGTH} letters and digits are not fingerprinted: "666" or "hi" repeated by
 * a room is how live chat sounds, not spam.
 */
public final class Conduct {

    public static final int MIN_REPEATED_LENGTH = 5;
    public static final long OFFENCE_COOLDOWN_MILLIS = 10_000;

    private Conduct() {
    }

    /** The outcome of one message: the new memory and what objected, if anything. */
    public record Observed(MemberConduct conduct, Optional<Finding> finding) {
    }

    /** Records one message of a member and checks flood and repeats. */
    public static Observed message(ModerationPolicy policy, MemberConduct before, String compactText, long now) {
        long floodWindow = policy.getFloodWindowSeconds() * 1000L;
        long repeatWindow = policy.getRepeatWindowSeconds() * 1000L;
        List<Long> times = new ArrayList<>();
        if (policy.getFloodMessages() > 0) {
            for (long at : before.messageTimes()) {
                if (at > now - floodWindow) {
                    times.add(at);
                }
            }
            times.add(now);
        }
        List<MemberConduct.Text> texts = new ArrayList<>();
        int copies = 0;
        boolean fingerprinted = policy.getRepeatMessages() > 0 && compactText.length() >= MIN_REPEATED_LENGTH;
        int fingerprint = fingerprint(compactText);
        if (policy.getRepeatMessages() > 0) {
            for (MemberConduct.Text text : before.texts()) {
                if (text.at() > now - repeatWindow) {
                    texts.add(text);
                    if (fingerprinted && text.fingerprint() == fingerprint) {
                        copies++;
                    }
                }
            }
            if (fingerprinted) {
                texts.add(new MemberConduct.Text(fingerprint, now));
                copies++;
            }
        }
        MemberConduct after = new MemberConduct(times, texts, before.offences());
        if (policy.getFloodMessages() > 0 && times.size() > policy.getFloodMessages()) {
            return new Observed(after, Optional.of(new Finding(Rules.FLOOD,
                    times.size() + " messages in " + policy.getFloodWindowSeconds() + " s, limit " + policy.getFloodMessages())));
        }
        if (fingerprinted && copies > policy.getRepeatMessages()) {
            return new Observed(after, Optional.of(new Finding(Rules.REPEAT,
                    copies + " copies in " + policy.getRepeatWindowSeconds() + " s, limit " + policy.getRepeatMessages())));
        }
        return new Observed(after, Optional.empty());
    }

    /**
     * Counts an offence and climbs the ladder: the new memory and the sanction for this offence. An offence within
     * {@link #OFFENCE_COOLDOWN_MILLIS} of the previous one is not counted again (no sanction): a burst of flood
     * messages is one offence, its messages recalled one by one, not a ban reached in a second.
     */
    public static Offence offend(ModerationPolicy policy, List<LadderStep> ladderFewestFirst, MemberConduct before, long now) {
        List<Long> previous = before.offences();
        if (!previous.isEmpty() && previous.get(previous.size() - 1) > now - OFFENCE_COOLDOWN_MILLIS) {
            return new Offence(before, null);
        }
        long memory = policy.getOffenceMemorySeconds() * 1000L;
        List<Long> offences = new ArrayList<>();
        for (long at : before.offences()) {
            if (at > now - memory) {
                offences.add(at);
            }
        }
        offences.add(now);
        LadderStep step = null;
        for (LadderStep candidate : ladderFewestFirst) {
            if (candidate.getOffences() <= offences.size()) {
                step = candidate;
            }
        }
        Sanction sanction = step == null ? new Sanction(LadderSanction.WARN, 0, offences.size())
                : new Sanction(step.getSanction(), step.getSeconds(), offences.size());
        return new Offence(new MemberConduct(before.messageTimes(), before.texts(), offences), sanction);
    }

    /** The memory after an offence, and its sanction (null when the offence fell in the previous one's cool-down). */
    public record Offence(MemberConduct conduct, Sanction sanction) {
    }

    /**
     * One text of the room by one member, against who else sent it recently ({@code senders}: member and time,
     * oldest first). A spam wave is found for every sender past the limit.
     */
    public static Wave wave(ModerationPolicy policy, List<WaveSender> senders, String member, String compactText, long now) {
        if (policy.getWaveMembers() <= 0 || compactText.length() < MIN_REPEATED_LENGTH) {
            return new Wave(List.of(), Optional.empty());
        }
        long window = policy.getWaveWindowSeconds() * 1000L;
        List<WaveSender> kept = new ArrayList<>();
        Set<String> members = new HashSet<>();
        for (WaveSender sender : senders) {
            if (sender.at() > now - window && !sender.member().equals(member)) {
                kept.add(sender);
                members.add(sender.member());
            }
        }
        kept.add(new WaveSender(member, now));
        members.add(member);
        if (members.size() > policy.getWaveMembers()) {
            return new Wave(kept, Optional.of(new Finding(Rules.SPAM_WAVE,
                    members.size() + " members sent it in " + policy.getWaveWindowSeconds() + " s, limit " + policy.getWaveMembers())));
        }
        return new Wave(kept, Optional.empty());
    }

    /** A member who sent a text, and when. */
    public record WaveSender(String member, long at) {
    }

    /** Who sent a text recently (each member once, at their latest), and whether this send made it a wave. */
    public record Wave(List<WaveSender> senders, Optional<Finding> finding) {
    }

    /** The fingerprint of a compact text: what repeat and wave rules compare. */
    public static int fingerprint(String compactText) {
        return compactText.hashCode();
    }
}
