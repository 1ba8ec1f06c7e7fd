package io.roomsync.moderation.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.ahocorasick.trie.Emit;
import org.ahocorasick.trie.Trie;

/**
 * Finds banned terms in normalised text in one pass, whatever the size of the dictionary (Aho-Corasick, from
 * {@code org.ahocorasick}): the cost grows with the message, not with the number of terms.
 *
 * <p>Terms are matched in the compact form (letters and digits only), which is what Chinese needs (no spaces between
 * words) and what defeats fillers ({@code f u c k}, {@code 微.信}). A term written in Latin letters or digits only
 * must also stand as a word of its own in the folded text: "ass" is found in "ass" and "a s s", not in "class".
 * Immutable and safe to share between threads.
 */
public final class TermMatcher {

    /** One occurrence: the term as in the dictionary (compact form) and the original span [start, end) to mask. */
    public record Match(String term, int start, int end) {
    }

    private static final TermMatcher EMPTY = new TermMatcher(List.of());

    private final Trie trie;
    private final int size;

    private TermMatcher(Collection<String> compactTerms) {
        Trie.TrieBuilder builder = Trie.builder();
        Set<String> terms = new LinkedHashSet<>();
        for (String term : compactTerms) {
            if (!term.isEmpty()) {
                terms.add(term);
            }
        }
        builder.addKeywords(terms);
        this.trie = builder.build();
        this.size = terms.size();
    }

    /** A matcher of the given terms, as a policy states them (normalised here). */
    public static TermMatcher of(Collection<String> terms) {
        if (terms.isEmpty()) {
            return EMPTY;
        }
        return new TermMatcher(terms.stream().map(TextNormaliser::compact).toList());
    }

    public int size() {
        return size;
    }

    /** Every occurrence of a term, in the order found. */
    public List<Match> find(TextNormaliser.Normalised text) {
        if (size == 0 || text.compact().isEmpty()) {
            return List.of();
        }
        Collection<Emit> emits = trie.parseText(text.compact());
        List<Match> found = new ArrayList<>(emits.size());
        for (Emit emit : emits) {
            int start = emit.getStart();
            int end = emit.getEnd() + 1;
            if (isLatinWord(emit.getKeyword()) && !standsAlone(text, start, end)) {
                continue;
            }
            int[] span = text.originalSpanOfCompact(start, end);
            found.add(new Match(emit.getKeyword(), span[0], span[1]));
        }
        return found;
    }

    private static boolean isLatinWord(String term) {
        for (int i = 0; i < term.length(); i++) {
            char c = term.charAt(i);
            if (c >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Whether the compact chars [start, end) have no Latin letter or digit right before or after them in the folded text. */
    private static boolean standsAlone(TextNormaliser.Normalised text, int start, int end) {
        int before = text.compactFolded()[start] - 1;
        int after = text.compactFolded()[end - 1] + 1;
        String folded = text.folded();
        return (before < 0 || !isLatinLetterOrDigit(folded.charAt(before)))
                && (after >= folded.length() || !isLatinLetterOrDigit(folded.charAt(after)));
    }

    private static boolean isLatinLetterOrDigit(char c) {
        return c < 0x80 && Character.isLetterOrDigit(c);
    }
}
