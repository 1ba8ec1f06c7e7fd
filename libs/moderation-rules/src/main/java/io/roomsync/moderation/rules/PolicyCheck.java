package io.roomsync.moderation.rules;

import io.roomsync.contract.moderation.LadderSanction;
import io.roomsync.contract.moderation.LadderStep;
import io.roomsync.contract.moderation.ModerationPolicy;
import io.roomsync.contract.moderation.TermAction;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Whether a policy may be applied: every problem is listed, and a policy with any problem is refused whole (never
 * half-applied). The limits keep a policy within what the rules can do in time, what Tencent accepts, and what one
 * Kafka record holds. Never throws, whatever the policy holds (nulls included).
 */
public final class PolicyCheck {

    /** Most terms a policy may hold (the record size below may refuse fewer long ones). */
    public static final int MAX_TERMS = 20_000;
    /** Longest term, in UTF-16 chars. */
    public static final int MAX_TERM_LENGTH = 64;
    /** Most allowed domains a policy may hold. */
    public static final int MAX_ALLOWED_DOMAINS = 1_000;
    /** Longest {@code rejectText}, in UTF-16 chars. */
    public static final int MAX_REJECT_TEXT_LENGTH = 100;
    /** Most steps of the escalation ladder. */
    public static final int MAX_LADDER_STEPS = 10;
    /**
     * Largest policy record, in bytes of its Avro binary encoding: 512 KiB. The policy topic keeps Kafka's record
     * limits (the producer's {@code max.request.size} of 1,048,576 bytes, the broker's {@code message.max.bytes} of
     * 1,048,588, which the topic's {@code max.message.bytes} inherits); half of that leaves room for the key, the
     * serializer's schema id, headers and batch framing, and for fields added later. A policy accepted here is
     * never refused by Kafka.
     */
    public static final int MAX_POLICY_BYTES = 512 * 1024;
    public static final Duration MAX_MUTE = Duration.ofDays(30);
    public static final Duration MAX_BAN = Duration.ofDays(365);
    public static final int MAX_WINDOW_SECONDS = 3_600;

    private PolicyCheck() {
    }

    /** The problems of a policy, in words for the API's answer (each starts with the field's name); empty when it may be applied. */
    public static List<String> problems(ModerationPolicy policy) {
        List<String> problems = new ArrayList<>();
        terms(problems, policy.getBannedTerms());
        if (policy.getBannedTermAction() == null || policy.getBannedTermAction() == TermAction.UNKNOWN) {
            problems.add("bannedTermAction: one of MASK, REJECT, DROP");
        }
        if (policy.getRejectCode() < 10100 || policy.getRejectCode() > 10200) {
            problems.add("rejectCode: between 10100 and 10200 (Tencent passes only those to the sender), got " + policy.getRejectCode());
        }
        String rejectText = policy.getRejectText();
        String unsendable = rejectText == null ? "missing" : unsendable(rejectText);
        if (unsendable != null) {
            problems.add("rejectText: " + unsendable);
        } else if (rejectText.length() > MAX_REJECT_TEXT_LENGTH) {
            problems.add("rejectText: at most " + MAX_REJECT_TEXT_LENGTH + " characters");
        }
        if (policy.getMaxLength() < 0 || policy.getMaxLength() > 12_000) {
            problems.add("maxLength: between 0 (off) and 12000 (Tencent's own limit), got " + policy.getMaxLength());
        }
        domains(problems, policy.getAllowedDomains());
        window(problems, "flood", policy.getFloodMessages(), policy.getFloodWindowSeconds());
        window(problems, "repeat", policy.getRepeatMessages(), policy.getRepeatWindowSeconds());
        window(problems, "wave", policy.getWaveMembers(), policy.getWaveWindowSeconds());
        ladder(problems, policy.getLadder());
        if (policy.getOffenceMemorySeconds() < 60 || policy.getOffenceMemorySeconds() > Duration.ofDays(30).toSeconds()) {
            problems.add("offenceMemorySeconds: between 60 and 2592000 (30 days), got " + policy.getOffenceMemorySeconds());
        }
        if (problems.isEmpty()) {
            // Measured last: only a policy whose every field is valid can be encoded.
            long bytes = recordBytes(policy);
            if (bytes > MAX_POLICY_BYTES) {
                problems.add("policy: the record is " + bytes + " bytes, over MAX_POLICY_BYTES (" + MAX_POLICY_BYTES
                        + " bytes, what one record of the policy topic may hold); use fewer or shorter terms");
            }
        }
        return problems;
    }

    /** The size of the policy's Avro binary encoding, in bytes: the value of its record on the policy topic. */
    public static long recordBytes(ModerationPolicy policy) {
        CountingStream counted = new CountingStream();
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(counted, null);
            new SpecificDatumWriter<ModerationPolicy>(ModerationPolicy.getClassSchema(), policy.getSpecificData()).write(policy, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("counting needs no I/O", e);
        }
        return counted.bytes;
    }

    private static void terms(List<String> problems, List<String> terms) {
        if (terms == null) {
            problems.add("bannedTerms: missing");
            return;
        }
        if (terms.size() > MAX_TERMS) {
            problems.add("bannedTerms: at most " + MAX_TERMS + " terms (MAX_TERMS), got " + terms.size());
            return;
        }
        for (int i = 0; i < terms.size(); i++) {
            String term = terms.get(i);
            if (term == null) {
                problems.add("bannedTerms[" + i + "]: missing");
            } else if (term.length() > MAX_TERM_LENGTH) {
                problems.add("bannedTerms[" + i + "]: longer than " + MAX_TERM_LENGTH + " characters (MAX_TERM_LENGTH)");
            } else if (unsendable(term) != null) {
                problems.add("bannedTerms[" + i + "]: " + unsendable(term));
            } else if (TextNormaliser.compact(term).isEmpty()) {
                problems.add("bannedTerms[" + i + "]: has no letter or digit, so it would match nothing");
            }
        }
    }

    private static void domains(List<String> problems, List<String> domains) {
        if (domains == null) {
            problems.add("allowedDomains: missing");
            return;
        }
        if (domains.size() > MAX_ALLOWED_DOMAINS) {
            problems.add("allowedDomains: at most " + MAX_ALLOWED_DOMAINS + " domains, got " + domains.size());
            return;
        }
        for (int i = 0; i < domains.size(); i++) {
            String problem = DnsName.problem(domains.get(i));
            if (problem != null) {
                problems.add("allowedDomains[" + i + "]: not a lower-case domain name: " + problem);
            }
        }
    }

    /**
     * Why a text cannot be passed to the sender's client as Tencent's {@code ErrorInfo}, or kept as a term, or null:
     * a control character (U+0000 to U+001F, U+007F to U+009F), a line or paragraph separator (U+2028, U+2029: a
     * line break by another name), a lone surrogate (not UTF-8 encodable) or a noncharacter.
     */
    static String unsendable(String text) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (Character.getType(c) == Character.CONTROL) {
                return String.format("a control character (U+%04X) at character %d", c, i);
            }
            if (Character.getType(c) == Character.LINE_SEPARATOR || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                return String.format("a line break (U+%04X) at character %d", c, i);
            }
            if (Character.getType(c) == Character.SURROGATE) {
                return "a lone surrogate at character " + i;
            }
            if ((c & 0xFFFE) == 0xFFFE || (c >= 0xFDD0 && c <= 0xFDEF)) {
                return String.format("a noncharacter (U+%04X) at character %d", c, i);
            }
            i += Character.charCount(c);
        }
        return null;
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
        if (ladder == null) {
            problems.add("ladder: missing");
            return;
        }
        if (ladder.size() > MAX_LADDER_STEPS) {
            problems.add("ladder: at most " + MAX_LADDER_STEPS + " steps, got " + ladder.size());
            return;
        }
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < ladder.size(); i++) {
            LadderStep step = ladder.get(i);
            String at = "ladder[" + i + "]: ";
            if (step == null) {
                problems.add(at + "missing");
                continue;
            }
            if (step.getOffences() < 1 || step.getOffences() > 1_000) {
                problems.add(at + "offences between 1 and 1000, got " + step.getOffences());
            }
            if (!seen.add(step.getOffences())) {
                problems.add(at + "a second step for " + step.getOffences() + " offences");
            }
            LadderSanction sanction = step.getSanction();
            if (sanction == null || sanction == LadderSanction.UNKNOWN) {
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

    /** Counts the bytes written to it and keeps none. */
    private static final class CountingStream extends OutputStream {
        private long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
