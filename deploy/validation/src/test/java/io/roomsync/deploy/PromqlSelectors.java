package io.roomsync.deploy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The series selectors a PromQL expression names: each metric with the label names its matchers use. It reads
 * PromQL's lexical structure (string literals, label matchers, range and subquery brackets, grouping clauses,
 * functions, aggregations and keywords) well enough to find every metric an expression names, and refuses
 * unbalanced brackets and unterminated strings; it is not a full parser: {@code promtool check rules} checks the
 * syntax where Prometheus is installed (no PromQL parser for Java is published on Maven Central).
 */
final class PromqlSelectors {

    /** A metric and the label names of its matchers ({@code rate(x{a="1"}[5m])}: x with [a]). */
    record Selector(String metric, Set<String> labels) {
    }

    /** Aggregation operators: followed by a grouping clause or by their parenthesised argument. */
    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    /** Keywords whose parenthesised list holds label names, not expressions. */
    private static final Set<String> GROUPING = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan");

    private final String expr;
    private int at;

    private PromqlSelectors(String expr) {
        this.expr = expr;
    }

    /**
     * The selectors of {@code expr}, in order of appearance.
     *
     * @throws IllegalArgumentException when a bracket is not closed or closed twice, a string is not terminated,
     *                                  or a selector has no metric name ({@code {__name__=~"..."}})
     */
    static List<Selector> of(String expr) {
        return new PromqlSelectors(expr).read();
    }

    private List<Selector> read() {
        List<Selector> selectors = new ArrayList<>();
        int depth = 0;
        while (at < expr.length()) {
            char c = expr.charAt(at);
            if (Character.isWhitespace(c)) {
                at++;
            } else if (c == '"' || c == '\'' || c == '`') {
                skipString();
            } else if (c == '[') {
                skipPast(']');
            } else if (c == '{') {
                throw new IllegalArgumentException("a selector without a metric name at " + at + ": " + expr);
            } else if (c == '(') {
                depth++;
                at++;
            } else if (c == ')') {
                if (--depth < 0) {
                    throw new IllegalArgumentException("')' without '(' at " + at + ": " + expr);
                }
                at++;
            } else if (c == ']' || c == '}') {
                throw new IllegalArgumentException("'" + c + "' without its opening at " + at + ": " + expr);
            } else if (Character.isDigit(c) || c == '.') {
                // A number or a duration (5m, 1.5, 1e3)
                while (at < expr.length() && (Character.isLetterOrDigit(expr.charAt(at)) || expr.charAt(at) == '.')) {
                    at++;
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                identifier(selectors);
            } else {
                at++;
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException(depth + " '(' not closed: " + expr);
        }
        return selectors;
    }

    private void identifier(List<Selector> selectors) {
        int start = at;
        while (at < expr.length() && (Character.isLetterOrDigit(expr.charAt(at)) || expr.charAt(at) == '_' || expr.charAt(at) == ':')) {
            at++;
        }
        String name = expr.substring(start, at);
        char next = nextNonBlank();
        if (GROUPING.contains(name)) {
            if (next == '(') {
                skipPast(')');
            }
        } else if (next == '(' || AGGREGATIONS.contains(name) || KEYWORDS.contains(name.toLowerCase())) {
            // a function, an aggregation or a keyword: what follows is read as usual
        } else {
            selectors.add(new Selector(name, next == '{' ? matchers() : Set.of()));
        }
    }

    /** Reads {@code {a="x", b=~"y"}} from its opening brace; the label names. */
    private Set<String> matchers() {
        Set<String> labels = new LinkedHashSet<>();
        at++;
        while (true) {
            char c = nextNonBlank();
            if (c == '}') {
                at++;
                return labels;
            }
            if (c == '\0') {
                throw new IllegalArgumentException("'}' missing: " + expr);
            }
            if (c == ',') {
                at++;
                continue;
            }
            if (!(Character.isLetter(c) || c == '_')) {
                throw new IllegalArgumentException("a label name expected at " + at + ": " + expr);
            }
            int start = at;
            while (at < expr.length() && (Character.isLetterOrDigit(expr.charAt(at)) || expr.charAt(at) == '_')) {
                at++;
            }
            labels.add(expr.substring(start, at));
            while (at < expr.length() && "=!~ ".indexOf(expr.charAt(at)) >= 0) {
                at++;
            }
            if (at >= expr.length() || "\"'`".indexOf(expr.charAt(at)) < 0) {
                throw new IllegalArgumentException("a quoted label value expected at " + at + ": " + expr);
            }
            skipString();
        }
    }

    /** The next character that is not blank, or NUL at the end. */
    private char nextNonBlank() {
        while (at < expr.length() && Character.isWhitespace(expr.charAt(at))) {
            at++;
        }
        return at < expr.length() ? expr.charAt(at) : '\0';
    }

    private void skipString() {
        char quote = expr.charAt(at++);
        while (at < expr.length() && expr.charAt(at) != quote) {
            at += expr.charAt(at) == '\\' && quote != '`' ? 2 : 1;
        }
        if (at >= expr.length()) {
            throw new IllegalArgumentException("a string not terminated: " + expr);
        }
        at++;
    }

    private void skipPast(char closing) {
        int end = expr.indexOf(closing, at);
        if (end < 0) {
            throw new IllegalArgumentException("'" + closing + "' missing after " + at + ": " + expr);
        }
        at = end + 1;
    }
}
