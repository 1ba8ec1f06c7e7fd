package io.roomsync.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomsync.deploy.PromqlSelectors.Selector;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromqlSelectorsTest {

    @Test
    void findsEveryMetricOfANestedExpressionWithTheLabelsItsMatchersName() {
        // Given an alert expression with aggregations, grouping, a subquery, offset and a set operator
        String expr = "max by (service) (kafka_lag{client_id=~\".+-StreamThread-[0-9]+-consumer\", service!=\"x\"}) > 1000 "
                + "and deriv(max by (service) (kafka_lag)[10m:1m]) > 0 "
                + "or (dead_total unless dead_total offset 15m)";

        // When its selectors are read
        List<Selector> selectors = PromqlSelectors.of(expr);

        // Then each metric is there in order, with exactly the labels its own matchers name
        assertThat(selectors).containsExactly(new Selector("kafka_lag", Set.of("client_id", "service")),
                new Selector("kafka_lag", Set.of()), new Selector("dead_total", Set.of()), new Selector("dead_total", Set.of()));
    }

    @Test
    void functionsGroupingLabelsStringsAndGrafanaRangeVariablesAreNotMetrics() {
        // Given a dashboard query with a function, a grouping list, Grafana's range variable and a quoted comma
        String expr = "histogram_quantile(0.99, sum without (instance, pod) (rate(latency_bucket{rule=\"a,b}\"}[$__rate_interval])))"
                + " * on (service) group_left (api) calls";

        // When its selectors are read
        List<Selector> selectors = PromqlSelectors.of(expr);

        // Then only the two metrics are selectors
        assertThat(selectors).containsExactly(new Selector("latency_bucket", Set.of("rule")), new Selector("calls", Set.of()));
    }

    @Test
    void aMetricAloneIsASelector() {
        assertThat(PromqlSelectors.of("up")).containsExactly(new Selector("up", Set.of()));
    }

    @Test
    void unbalancedBracketsUnterminatedStringsAndNamelessSelectorsAreRefused() {
        assertThatThrownBy(() -> PromqlSelectors.of("sum(rate(x[5m])")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("1 '(' not closed: sum(rate(x[5m])");
        assertThatThrownBy(() -> PromqlSelectors.of("sum(x))")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("')' without '(' at 6: sum(x))");
        assertThatThrownBy(() -> PromqlSelectors.of("x{a=\"1}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a string not terminated: x{a=\"1}");
        assertThatThrownBy(() -> PromqlSelectors.of("rate(x[5m)")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("']' missing after 6: rate(x[5m)");
        assertThatThrownBy(() -> PromqlSelectors.of("{__name__=~\"roomsync_.*\"}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a selector without a metric name at 0: {__name__=~\"roomsync_.*\"}");
    }
}
