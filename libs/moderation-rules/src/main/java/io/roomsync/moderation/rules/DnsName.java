package io.roomsync.moderation.rules;

/**
 * Whether a text is a domain name a policy may allow, checked in one pass without a regular expression (a
 * backtracking pattern overflowed the stack on names of thousands of labels: issue 12, case 1). The rules are those
 * of a host name (RFC 1035 section 2.3.4, RFC 1123 section 2.1), in the lower case the matcher compares:
 * <ul>
 *   <li>at most {@value #MAX_LENGTH} characters, no trailing dot;</li>
 *   <li>at least two labels; each label 1 to {@value #MAX_LABEL_LENGTH} characters of {@code a-z}, {@code 0-9} and
 *       {@code -}, neither starting nor ending with {@code -};</li>
 *   <li>the last label (the top-level domain) has a letter, so an IP address is not a domain.</li>
 * </ul>
 */
public final class DnsName {

    /** The longest domain name in its text form, in characters (RFC 1035: 255 octets on the wire). */
    public static final int MAX_LENGTH = 253;
    /** The longest label, in characters (RFC 1035 section 2.3.4). */
    public static final int MAX_LABEL_LENGTH = 63;

    private DnsName() {
    }

    /**
     * What is wrong with {@code name} as an allowed domain, in words for the API's answer; null when it is a valid
     * lower-case domain name. Reads each character at most once and stops at the first problem.
     */
    public static String problem(CharSequence name) {
        if (name == null || name.length() == 0) {
            return "an empty domain name";
        }
        if (name.length() > MAX_LENGTH) {
            return "longer than " + MAX_LENGTH + " characters (a DNS name's limit)";
        }
        int labelStart = 0;
        int labels = 0;
        boolean labelHasLetter = false;
        char previous = '.';
        for (int i = 0; i <= name.length(); i++) {
            char c = i < name.length() ? name.charAt(i) : '.';
            if (c == '.') {
                int length = i - labelStart;
                if (length == 0) {
                    return "an empty label at character " + i;
                }
                if (length > MAX_LABEL_LENGTH) {
                    return "a label longer than " + MAX_LABEL_LENGTH + " characters at character " + labelStart;
                }
                if (previous == '-') {
                    return "a label ends with '-' at character " + (i - 1);
                }
                labels++;
                if (i == name.length() && !labelHasLetter) {
                    return "the top-level domain has no letter";
                }
                labelStart = i + 1;
                labelHasLetter = false;
            } else if (c >= 'a' && c <= 'z') {
                labelHasLetter = true;
            } else if (c == '-') {
                if (i == labelStart) {
                    return "a label starts with '-' at character " + i;
                }
            } else if (c < '0' || c > '9') {
                return "not a lower-case letter, digit, '-' or '.' at character " + i;
            }
            previous = c;
        }
        return labels < 2 ? "a single label, not a domain name" : null;
    }
}
