package io.roomsync.moderation.rules;

import com.ibm.icu.text.SpoofChecker;
import com.ibm.icu.text.Transliterator;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Brings chat text to the form rules match on, so that spelling tricks do not hide a term:
 * <ul>
 *   <li>compatibility forms are unfolded (NFKD): full-width {@code ＦＲＥＥ} and {@code １２３} become {@code free}
 *       and {@code 123}, circled and styled letters their plain letter; accents and variation selectors go;</li>
 *   <li>case is folded (locale-independent);</li>
 *   <li>format characters go: zero-width spaces and joiners, the byte-order mark, the word joiner;</li>
 *   <li>traditional Chinese becomes simplified (ICU's {@code Traditional-Simplified}), so one term covers both;</li>
 *   <li>letters of Cyrillic, Greek, Armenian, Cherokee and Coptic, and Latin letters outside ASCII, that look like
 *       one ASCII letter or digit become it, as Unicode's confusable skeletons (UTS #39, ICU's {@link SpoofChecker})
 *       have them: Cyrillic {@code ѕсаm} and Greek {@code ѕϲαm} read {@code scam}. The skeleton of the lower-case
 *       form is taken, else that of the upper-case form (Greek {@code ε} is confusable only as {@code Ε}/{@code E});
 *       a letter whose skeleton is not one ASCII letter or digit stays. ASCII itself and Chinese are never folded
 *       (skeletons would turn {@code m} into {@code rn} and {@code 0} into {@code O});</li>
 *   <li>the compact form then keeps letters and digits only: fillers such as {@code f.r.e.e}, {@code 微-信} or
 *       spaces between characters no longer separate a term.</li>
 * </ul>
 * Each character of either form knows the span of the original text it came from, so a match can be masked in the
 * text as the sender wrote it. Folding works per code point and is cached, so a message costs a table lookup per
 * character once the cache is warm; the cache is bounded, past it characters are folded uncached.
 */
public final class TextNormaliser {

    private static final int CACHE_LIMIT = 65_536;
    private static final Map<Integer, String> FOLDED = new ConcurrentHashMap<>();
    private static final Transliterator TRADITIONAL_TO_SIMPLIFIED = Transliterator.getInstance("Traditional-Simplified");
    private static final SpoofChecker CONFUSABLES = new SpoofChecker.Builder().build();
    /** The scripts whose look-alikes of Latin letters are folded (see the class comment). */
    private static final Set<Character.UnicodeScript> LOOK_ALIKE_SCRIPTS = Set.of(Character.UnicodeScript.CYRILLIC,
            Character.UnicodeScript.GREEK, Character.UnicodeScript.ARMENIAN, Character.UnicodeScript.CHEROKEE,
            Character.UnicodeScript.COPTIC, Character.UnicodeScript.LATIN);

    private TextNormaliser() {
    }

    /**
     * The normalised forms of one text.
     *
     * @param folded        width, case and script folded, format characters removed; punctuation kept (for links)
     * @param foldedOrigin  for each char of {@code folded}, the index in the original text it came from
     * @param compact       {@code folded} with only letters and digits (for terms)
     * @param compactFolded for each char of {@code compact}, its index in {@code folded}
     */
    public record Normalised(String original, String folded, int[] foldedOrigin, String compact, int[] compactFolded) {

        /** The original span [start, end) that the compact chars [start, end) came from. */
        public int[] originalSpanOfCompact(int start, int end) {
            int from = foldedOrigin[compactFolded[start]];
            int lastOrigin = foldedOrigin[compactFolded[end - 1]];
            return new int[] {from, lastOrigin + Character.charCount(original.codePointAt(lastOrigin))};
        }
    }

    public static Normalised normalise(String text) {
        StringBuilder folded = new StringBuilder(text.length());
        int[] foldedOrigin = new int[text.length() * 2 + 4];
        StringBuilder compact = new StringBuilder(text.length());
        int[] compactFolded = new int[text.length() * 2 + 4];
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            String form = fold(codePoint);
            for (int j = 0; j < form.length(); ) {
                int folding = form.codePointAt(j);
                int at = folded.length();
                folded.appendCodePoint(folding);
                foldedOrigin = ensure(foldedOrigin, folded.length());
                for (int k = at; k < folded.length(); k++) {
                    foldedOrigin[k] = i;
                }
                if (Character.isLetterOrDigit(folding)) {
                    int compactAt = compact.length();
                    compact.appendCodePoint(folding);
                    compactFolded = ensure(compactFolded, compact.length());
                    for (int k = compactAt; k < compact.length(); k++) {
                        compactFolded[k] = at;
                    }
                }
                j += Character.charCount(folding);
            }
            i += Character.charCount(codePoint);
        }
        return new Normalised(text, folded.toString(), foldedOrigin, compact.toString(), compactFolded);
    }

    /** A term (or any text without origin tracking) in its compact form: what the matcher's dictionary holds. */
    public static String compact(String text) {
        return normalise(text).compact();
    }

    /** The folded form of one code point: empty for format characters and combining marks. */
    static String fold(int codePoint) {
        if (codePoint < 0x80) {
            return codePoint >= 'A' && codePoint <= 'Z' ? String.valueOf((char) (codePoint + 32)) : String.valueOf((char) codePoint);
        }
        String cached = FOLDED.get(codePoint);
        if (cached != null) {
            return cached;
        }
        String folded = computeFold(codePoint);
        if (FOLDED.size() < CACHE_LIMIT) {
            FOLDED.put(codePoint, folded);
        }
        return folded;
    }

    private static String computeFold(int codePoint) {
        int type = Character.getType(codePoint);
        if (type == Character.FORMAT || type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK) {
            return "";
        }
        String decomposed = Normalizer.normalize(new String(Character.toChars(codePoint)), Normalizer.Form.NFKD);
        StringBuilder kept = new StringBuilder(decomposed.length());
        decomposed.codePoints().filter(c -> {
            int t = Character.getType(c);
            return t != Character.NON_SPACING_MARK && t != Character.ENCLOSING_MARK && t != Character.FORMAT;
        }).forEach(kept::appendCodePoint);
        String lower = Normalizer.normalize(kept.toString(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        if (lower.codePointCount(0, lower.length()) == 1 && lower.codePointAt(0) >= 0x80
                && LOOK_ALIKE_SCRIPTS.contains(Character.UnicodeScript.of(lower.codePointAt(0)))) {
            return lookAlike(lower);
        }
        if (Character.UnicodeScript.of(codePoint) == Character.UnicodeScript.HAN) {
            // ICU transliterators are not documented as thread-safe; a cache miss is rare enough to serialise.
            synchronized (TRADITIONAL_TO_SIMPLIFIED) {
                return TRADITIONAL_TO_SIMPLIFIED.transliterate(lower);
            }
        }
        return lower;
    }

    /**
     * The ASCII letter or digit one letter is confusable with, else the letter itself. Serialised like the
     * transliterator: ICU documents only a SpoofChecker's checks as thread-safe, and a cache miss is rare.
     */
    private static synchronized String lookAlike(String letter) {
        String asLower = asciiAlphanumeric(CONFUSABLES.getSkeleton(letter));
        if (asLower != null) {
            return asLower;
        }
        String asUpper = asciiAlphanumeric(CONFUSABLES.getSkeleton(letter.toUpperCase(Locale.ROOT)));
        return asUpper != null ? asUpper : letter;
    }

    /** The skeleton in lower case when it is one ASCII letter or digit, else null. */
    private static String asciiAlphanumeric(String skeleton) {
        if (skeleton.length() != 1) {
            return null;
        }
        char c = Character.toLowerCase(skeleton.charAt(0));
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? String.valueOf(c) : null;
    }

    private static int[] ensure(int[] array, int length) {
        if (length <= array.length) {
            return array;
        }
        int[] grown = new int[Math.max(length, array.length * 2)];
        System.arraycopy(array, 0, grown, 0, array.length);
        return grown;
    }
}
