package io.roomsync.moderation.rules;

/**
 * What the content rules make of one text: allow it, deliver it masked, reject it (the sender's client shows
 * {@code code} and {@code info}), or drop it silently.
 *
 * @param rule     the rule that decided (see {@link Rules}); empty when allowed
 * @param evidence what matched, without the whole message
 * @param masked   the text with banned terms masked, for {@link Kind#MASK}
 */
public record ContentVerdict(Kind kind, String rule, String evidence, String masked, int code, String info) {

    /** Severity order: a message with several texts takes its most severe verdict. */
    public enum Kind { ALLOW, MASK, DROP, REJECT }

    public static final ContentVerdict ALLOW = new ContentVerdict(Kind.ALLOW, "", "", null, 0, "");

    public boolean allowed() {
        return kind == Kind.ALLOW;
    }

    /** The more severe of two verdicts (the first when equal). */
    public ContentVerdict worse(ContentVerdict other) {
        return other.kind.ordinal() > kind.ordinal() ? other : this;
    }
}
