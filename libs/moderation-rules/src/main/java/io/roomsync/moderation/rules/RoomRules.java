package io.roomsync.moderation.rules;

import io.roomsync.contract.moderation.LadderStep;
import io.roomsync.contract.moderation.ModerationPolicy;
import io.roomsync.contract.moderation.TermAction;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One room's policy, compiled for use on every message: the term matcher built once, the ladder sorted. The content
 * rules are decided in this order, the first that objects deciding: length, links, contact details, banned terms.
 * Links, contacts and length reject (they cannot be masked into something useful); banned terms do what the policy
 * says. Immutable and safe to share between threads.
 */
public final class RoomRules {

    /** A link: with a scheme or {@code www.}, or a domain ending in a common top-level domain. */
    private static final Pattern LINK = Pattern.compile(
            "(?:https?://|www\\.)([a-z0-9.-]+)\\S*"
                    + "|\\b((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+(?:com|net|org|cn|io|co|me|xyz|top|info|app|ly|gg|tv|cc|ru|vip"
                    + "|shop|site|online|link|club|live|fun|icu|uk|de|jp|hk|tw))\\b");
    /** A phone number: a Chinese mobile (optionally +86), or any international number written with +. */
    private static final Pattern PHONE = Pattern.compile(
            "(?<![0-9])(?:\\+?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]){8}(?![0-9])|(?<![0-9])\\+[1-9][0-9](?:[- ]?[0-9]){6,13}(?![0-9])");
    /** A messaging id offered: the app's name (or its slang), then an id of five or more characters. */
    private static final Pattern MESSAGING_ID = Pattern.compile(
            "(?:wechat|weixin|vx|wx|v信|微信|加微|qq|扣扣|telegram|tg|whatsapp|line|discord)\\s*(?:id|号)?\\s*[:：]?\\s*@?[a-z0-9_.-]{5,}");

    /** The names in {@link #MESSAGING_ID}, for the scan that decides whether to run it. */
    private static final List<String> MESSAGING_APPS = List.of("wechat", "weixin", "vx", "wx", "v信", "微信", "加微", "qq", "扣扣",
            "telegram", "tg", "whatsapp", "line", "discord");

    private final ModerationPolicy policy;
    private final TermMatcher terms;
    private final List<LadderStep> ladder;
    private final List<String> allowedDomains;

    private RoomRules(ModerationPolicy policy) {
        this.policy = policy;
        this.terms = TermMatcher.of(policy.getBannedTerms());
        this.ladder = policy.getLadder().stream().sorted(Comparator.comparingInt(LadderStep::getOffences)).toList();
        this.allowedDomains = policy.getAllowedDomains().stream().map(d -> d.toLowerCase(Locale.ROOT)).toList();
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

    /** The verdict on one text. */
    public ContentVerdict judge(String text) {
        if (text == null || text.isEmpty()) {
            return ContentVerdict.ALLOW;
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

    private boolean allowed(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        for (String domain : allowedDomains) {
            if (name.equals(domain) || name.endsWith("." + domain)) {
                return true;
            }
        }
        return false;
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
