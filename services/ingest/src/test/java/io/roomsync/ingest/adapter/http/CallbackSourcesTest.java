package io.roomsync.ingest.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** The optional source-address guard of the callback edge (issue 15): off by default, forwarded addresses from trusted proxies only. */
class CallbackSourcesTest {

    private static final List<String> TENCENT = List.of("203.0.113.0/24", "2001:db8::/32");
    private static final List<String> PROXIES = List.of("10.0.0.0/8");

    @Test
    void withoutRangesEveryAddressIsTaken() {
        CallbackSources off = new CallbackSources(List.of(), List.of());
        assertThat(off.enabled()).isFalse();
        assertThat(off.refused("198.51.100.7", "203.0.113.5")).isEmpty();
    }

    @Test
    void aDirectCallerIsJudgedByItsOwnAddress() {
        CallbackSources sources = new CallbackSources(TENCENT, PROXIES);
        assertThat(sources.refused("203.0.113.9", null)).isEmpty();
        assertThat(sources.refused("2001:db8::1", null)).isEmpty();
        assertThat(sources.refused("198.51.100.7", null)).contains("198.51.100.7");
    }

    @Test
    void aForwardedAddressCountsOnlyWhenATrustedProxyAppendedIt() {
        CallbackSources sources = new CallbackSources(TENCENT, PROXIES);
        // Given the ingress (10.1.2.3) forwarding for a Tencent address: taken
        assertThat(sources.refused("10.1.2.3", "203.0.113.9")).isEmpty();
        // A stranger who writes a Tencent address in front of his own: the proxy appended the stranger's, which counts
        assertThat(sources.refused("10.1.2.3", "203.0.113.9, 198.51.100.7")).contains("198.51.100.7");
        // Two trusted hops: the nearest untrusted address counts
        assertThat(sources.refused("10.1.2.3", "203.0.113.9, 10.9.9.9")).isEmpty();
        // A stranger sending the header directly (not through a trusted proxy): his own address counts
        assertThat(sources.refused("198.51.100.7", "203.0.113.9")).contains("198.51.100.7");
        // Something that is not an address, forwarded: refused
        assertThat(sources.refused("10.1.2.3", "tencent.example")).contains(CallbackSources.NOT_AN_ADDRESS);
    }

    @Test
    void aRangeThatIsNotAnAddressIsRefusedAtStart() {
        assertThatThrownBy(() -> new CallbackSources(List.of("callbacks.tencent.example"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("not an address or CIDR block: callbacks.tencent.example");
    }

    @Test
    void aRefusedCallbackIsA403InTencentsShapeAndGoesNoFurther() throws Exception {
        // Given the guard on, When a callback comes from outside the ranges
        CallbackSourceFilter filter = new CallbackSourceFilter(new CallbackSources(TENCENT, PROXIES));
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/tencent-im/callback");
        request.setRemoteAddr("198.51.100.7");
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);

        // Then 403 with Tencent's reply and ErrorCode 4030, and the callback is not processed
        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getContentAsString()).isEqualTo(
                "{\"ActionStatus\":\"FAIL\",\"ErrorCode\":4030,\"ErrorInfo\":\"forbidden: the callback's source address is not allowed\"}");
        assertThat(chain.getRequest()).isNull();

        // And one from inside goes on
        MockHttpServletRequest allowed = new MockHttpServletRequest("POST", "/tencent-im/callback");
        allowed.setRemoteAddr("203.0.113.9");
        MockFilterChain next = new MockFilterChain();
        filter.doFilter(allowed, new MockHttpServletResponse(), next);
        assertThat(next.getRequest()).isSameAs(allowed);
    }
}
