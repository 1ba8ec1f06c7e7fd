package io.roomsync.moderation.rules;

import io.roomsync.contract.moderation.LadderSanction;
import io.roomsync.contract.moderation.LadderStep;
import io.roomsync.contract.moderation.ModerationPolicy;
import io.roomsync.contract.moderation.TermAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether a policy may be applied: every problem is listed, and a policy with any problem is refused whole (never
 * half-applied). The limits keep a policy within what the rules can do in time and what Tencent accepts.
 */
public final class PolicyCheck {

    /** Most terms a policy may hold; the matcher stays fast far beyond, the limit keeps a policy record small. */
    public static final int MAX_TERMS = 50_000;
    public static final int MAX_TERM_LENGTH = 64;
    public static final Duration MAX_MUTE = Duration.ofDays(30);
    public static final Duration MAX_BAN = Duration.ofDays(365);
    public static final int MAX_WINDOW_SECONDS = 3_600;
    private static final Pattern DOMAIN = Pattern.compile("(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+[a-z]{2,24}");

    private PolicyCheck() {
    }

    /** The problems of a policy, in words for the API's answer; empty when it may be applied. */
    public static List<String> problems(ModerationPolicy policy) {
        List<String> problems = new ArrayList<>();
        List<String> terms = policy.getBannedTerms();
        if (terms.size() > MAX_TERMS) {
            problems.add("bannedTerms: at most " + MAX_TERMS + " terms, got " + terms.size());
        }
        for (int i = 0; i < terms.size(); i++) {
            String term = terms.get(i);
            if (term == null || TextNormaliser.compact(term).isEmpty()) {
                problems.add("bannedTerms[" + i + "]: has no letter or digit, so it would match nothing");
            } else if (term.length() > MAX_TERM_LENGTH) {
                problems.add("bannedTerms[" + i + "]: longer than " + MAX_TERM_LENGTH + " characters");
            }
        }
        if (policy.getBannedTermAction() == TermAction.UNKNOWN) {
            problems.add("bannedTermAction: one of MASK, REJECT, DROP");
        }
        if (policy.getRejectCode() < 10100 || policy.getRejectCode() > 10200) {
            problems.add("rejectCode: between 10100 and 10200 (Tencent passes only those to the sender), got " + policy.getRejectCode());
        }
        if (policy.getRejectText().length() > 100) {
            problems.add("rejectText: at most 100 characters");
        }
        if (policy.getMaxLength() < 0 || policy.getMaxLength() > 12_000) {
            problems.add("maxLength: between 0 (off) and 12000 (Tencent's own limit), got " + policy.getMaxLength());
        }
        for (String domain : policy.getAllowedDomains()) {
            if (domain == null || !DOMAIN.matcher(domain).matches()) {
                problems.add("allowedDomains: not a lower-case domain name: " + domain);
            }
        }
        window(problems, "flood", policy.getFloodMessages(), policy.getFloodWindowSeconds());
        window(problems, "repeat", policy.getRepeatMessages(), policy.getRepeatWindowSeconds());
        window(problems, "wave", policy.getWaveMembers(), policy.getWaveWindowSeconds());
        ladder(problems, policy.getLadder());
        if (policy.getOffenceMemorySeconds() < 60 || policy.getOffenceMemorySeconds() > Duration.ofDays(30).toSeconds()) {
            problems.add("offenceMemorySeconds: between 60 and 2592000 (30 days), got " + policy.getOffenceMemorySeconds());
        }
        return problems;
    }

    private static void window(List<String> problems, String rule, int count, int windowSeconds) {
        if (count < 0 || count > 10_000) {
            problems.add(rule + ": the count is between 0 (off) and 10000, got " + count);
        }
        if (windowSeconds < 1 || windowSeconds > MAX_WINDOW_SECONDS) {
            problems.add(rule + ": the window is between 1 and " + MAX_WINDOW_SECONDS + " seconds, got " + windowSeconds);
        }
    }

    private static void ladder(List<String> problems, List<LadderStep> ladder) {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < ladder.size(); i++) {
            LadderStep step = ladder.get(i);
            String at = "ladder[" + i + "]: ";
            if (step.getOffences() < 1 || step.getOffences() > 1_000) {
                problems.add(at + "offences between 1 and 1000, got " + step.getOffences());
            }
            if (!seen.add(step.getOffences())) {
                problems.add(at + "a second step for " + step.getOffences() + " offences");
            }
            LadderSanction sanction = step.getSanction();
            if (sanction == LadderSanction.UNKNOWN) {
                problems.add(at + "sanction is one of WARN, MUTE, BAN");
            } else if (sanction == LadderSanction.WARN && step.getSeconds() != 0) {
                problems.add(at + "a warning has no duration");
            } else if (sanction == LadderSanction.MUTE && (step.getSeconds() < 1 || step.getSeconds() > MAX_MUTE.toSeconds())) {
                problems.add(at + "a mute lasts 1 s to 30 days, got " + step.getSeconds() + " s");
            } else if (sanction == LadderSanction.BAN && (step.getSeconds() < 1 || step.getSeconds() > MAX_BAN.toSeconds())) {
                problems.add(at + "a ban lasts 1 s to 365 days, got " + step.getSeconds() + " s");
            }
        }
    }
}
