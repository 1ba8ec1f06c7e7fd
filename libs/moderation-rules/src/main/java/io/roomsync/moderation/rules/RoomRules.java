package io.roomsync.moderation.rules;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.roomsync.contract.moderation.LadderStep;
import io.roomsync.contract.moderation.ModerationPolicy;
import io.roomsync.contract.moderation.TermAction;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One room's policy, compiled for use on every message: the term matcher built once, the ladder sorted. The content
 * rules are decided in this order, the first that objects deciding: length, links, contact details, banned terms.
 * Links, contacts and length reject (they cannot be masked into something useful); banned terms do what the policy
 * says. Immutable and safe to share between threads.
 */
public final class RoomRules {

    /**
     * The longest text judged, in UTF-16 chars: 12,288 (12 KiB). Tencent refuses a message body over 12 KB
     * (error 80002), and a text within 12 KB of UTF-8 has at most that many UTF-16 chars, so no message Tencent
     * delivers is longer. A longer text is rejected under {@link Rules#LENGTH} before any pattern runs, which bounds
     * the work per text whatever a caller passes.
     */
    public static final int MAX_TEXT_CHARS = 12 * 1024;

    /** Whitespace, and anything else, as java.util.regex's {@code \s} and {@code \S} have it; RE2/J's lack the vertical tab. */
    private static final String SPACE = "[ \\t\\n\\x0B\\f\\r]";
    private static final String NOT_SPACE = "[^ \\t\\n\\x0B\\f\\r]";

    // Every pattern that sees chat text is RE2/J: matching is linear in the text by construction (no backtracking),
    // so no text can hold a thread (issue 12, case 2). RE2/J has no lookaround; PHONE states its digit boundaries as
    // context instead. Its \b is ASCII, so a domain right next to Chinese text ("上evil.com看") counts as a link.

    /** A link: with a scheme or {@code www.}, or a domain ending in a common top-level domain. */
    static final Pattern LINK = Pattern.compile(
            "(?:https?://|www\\.)([a-z0-9.-]+)" + NOT_SPACE + "*"
                    + "|\\b((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+(?:com|net|org|cn|io|co|me|xyz|top|info|app|ly|gg|tv|cc|ru|vip"
                    + "|shop|site|online|link|club|live|fun|icu|uk|de|jp|hk|tw))\\b");
    /**
     * A phone number: a Chinese mobile (optionally +86), or any international number written with +; not part of a
     * longer run of digits (the context before and after the number is a non-digit or the end of the text).
     */
    static final Pattern PHONE = Pattern.compile(
            "(?:^|[^0-9])(?:(?:\\+?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]){8}|\\+[1-9][0-9](?:[- ]?[0-9]){6,13})(?:[^0-9]|$)");
    /** A messaging id offered: the app's name (or its slang), then an id of five or more characters. */
    static final Pattern MESSAGING_ID = Pattern.compile(
            "(?:wechat|weixin|vx|wx|v信|微信|加微|qq|扣扣|telegram|tg|whatsapp|line|discord)" + SPACE + "*(?:id|号)?" + SPACE
                    + "*[:：]?" + SPACE + "*@?[a-z0-9_.-]{5,}");

    /** Every pattern that sees chat text, by rule, for the test that holds each to linear work. */
    static final Map<String, Pattern> TEXT_PATTERNS = Map.of("link", LINK, "phone", PHONE, "messaging-id", MESSAGING_ID);

    /** The names in {@link #MESSAGING_ID}, for the scan that decides whether to run it. */
    private static final List<String> MESSAGING_APPS = List.of("wechat", "weixin", "vx", "wx", "v信", "微信", "加微", "qq", "扣扣",
            "telegram", "tg", "whatsapp", "line", "discord");

    private final ModerationPolicy policy;
    private final TermMatcher terms;
    private final List<LadderStep> ladder;
    private final Set<String> allowedDomains;

    private RoomRules(ModerationPolicy policy) {
        this.policy = policy;
        this.terms = TermMatcher.of(policy.getBannedTerms());
        this.ladder = policy.getLadder().stream().sorted(Comparator.comparingInt(LadderStep::getOffences)).toList();
        this.allowedDomains = policy.getAllowedDomains().stream().map(d -> d.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** Compiles a policy that {@link PolicyCheck} accepted. */
    public static RoomRules compile(ModerationPolicy policy) {
        return new RoomRules(policy);
    }

    public ModerationPolicy policy() {
        return policy;
    }

    public long revision() {
        return policy.getRevision();
    }

    /** Ladder steps, fewest offences first. */
    public List<LadderStep> ladder() {
        return ladder;
    }

    /** The most severe verdict over the texts of one message. */
    public ContentVerdict judgeAll(List<String> texts) {
        ContentVerdict worst = ContentVerdict.ALLOW;
        for (String text : texts) {
            worst = worst.worse(judge(text));
        }
        return worst;
    }

    /**
     * The verdict on one text. Never throws; the work is linear in the text, which is at most
     * {@link #MAX_TEXT_CHARS} long (a longer one is rejected under {@link Rules#LENGTH} unread).
     */
    public ContentVerdict judge(String text) {
        if (text == null || text.isEmpty()) {
            return ContentVerdict.ALLOW;
        }
        if (text.length() > MAX_TEXT_CHARS) {
            return reject(Rules.LENGTH, text.length() + " UTF-16 chars, over the " + MAX_TEXT_CHARS + " of any text Tencent delivers");
        }
        int length = text.codePointCount(0, text.length());
        if (policy.getMaxLength() > 0 && length > policy.getMaxLength()) {
            return reject(Rules.LENGTH, length + " characters, limit " + policy.getMaxLength());
        }
        TextNormaliser.Normalised normalised = TextNormaliser.normalise(text);
        // The ideographic full stop stands in for a dot in links written to slip past filters.
        String linkText = normalised.folded().replace('。', '.');
        // Each pattern runs only where a cheap scan says it could match: most chat has no dot, few digits and no
        // messaging app's name, and scanning for those costs a fraction of running the patterns at every position.
        if (policy.getBlockLinks() && linkText.indexOf('.') >= 0) {
            Matcher link = LINK.matcher(linkText);
            while (link.find()) {
                String host = link.group(1) != null ? link.group(1) : link.group(2);
                if (!allowed(host)) {
                    return reject(Rules.LINK, host);
                }
            }
        }
        if (policy.getBlockContacts()) {
            if (digits(linkText) >= 8 && PHONE.matcher(linkText).find()) {
                return reject(Rules.CONTACT, "phone number");
            }
            if (namesAMessagingApp(linkText)) {
                Matcher id = MESSAGING_ID.matcher(linkText);
                if (id.find()) {
                    return reject(Rules.CONTACT, "messaging id: " + id.group());
                }
            }
        }
        List<TermMatcher.Match> found = terms.find(normalised);
        if (found.isEmpty()) {
            return ContentVerdict.ALLOW;
        }
        String evidence = String.join(",", found.stream().map(TermMatcher.Match::term).distinct().toList());
        TermAction action = policy.getBannedTermAction();
        return switch (action) {
            case REJECT -> reject(Rules.BANNED_TERMS, evidence);
            case DROP -> new ContentVerdict(ContentVerdict.Kind.DROP, Rules.BANNED_TERMS, evidence, null, 2, "");
            default -> new ContentVerdict(ContentVerdict.Kind.MASK, Rules.BANNED_TERMS, evidence, mask(text, found), 0, "");
        };
    }

    private static int digits(String text) {
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            }
        }
        return digits;
    }

    private static boolean namesAMessagingApp(String text) {
        for (String name : MESSAGING_APPS) {
            if (text.contains(name)) {
                return true;
            }
        }
        return false;
    }

    private ContentVerdict reject(String rule, String evidence) {
        return new ContentVerdict(ContentVerdict.Kind.REJECT, rule, evidence, null, policy.getRejectCode(), policy.getRejectText());
    }

    /**
     * Whether a host is an allowed domain or one of its subdomains: each suffix after a dot is looked up, so the work
     * is bounded by the longest DNS name ({@link DnsName#MAX_LENGTH}); a longer host is no allowed domain's.
     */
    private boolean allowed(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (allowedDomains.isEmpty() || name.length() > DnsName.MAX_LENGTH) {
            return false;
        }
        for (int from = 0; from >= 0; from = nextLabel(name, from)) {
            if (allowedDomains.contains(name.substring(from))) {
                return true;
            }
        }
        return false;
    }

    /** The start of the label after the one at {@code from}, or -1 when it is the last. */
    private static int nextLabel(String name, int from) {
        int dot = name.indexOf('.', from);
        return dot < 0 ? -1 : dot + 1;
    }

    /** Each matched span, as the sender wrote it, becomes one {@code *} per character (fillers inside it too). */
    static String mask(String text, List<TermMatcher.Match> found) {
        boolean[] masked = new boolean[text.length()];
        for (TermMatcher.Match match : found) {
            for (int i = match.start(); i < match.end(); i++) {
                masked[i] = true;
            }
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            out.append(masked[i] ? "*" : new String(Character.toChars(codePoint)));
            i += Character.charCount(codePoint);
        }
        return out.toString();
    }
}
