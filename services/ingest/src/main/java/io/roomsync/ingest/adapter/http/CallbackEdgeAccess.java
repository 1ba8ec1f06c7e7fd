package io.roomsync.ingest.adapter.http;

import io.roomsync.ingest.CallbackSourceProperties;
import io.roomsync.security.spring.ApiRoutes;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * ingest serves no API: its callback edge is authenticated by Tencent's {@code Sign} (README, "Security", with what
 * that Sign does not cover), so its port needs no bearer token. The shared security chain still guards the
 * management port: health details need a valid token. Optionally, callbacks are taken only from configured source
 * addresses ({@link CallbackSourceFilter}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CallbackSourceProperties.class)
public class CallbackEdgeAccess {

    @Bean
    public static ApiRoutes callbackEdgeRoutes() {
        return ApiRoutes.open().build();
    }

    /** The source check on the callback paths; disabled (no filter) while no range is configured. */
    @Bean
    FilterRegistrationBean<CallbackSourceFilter> callbackSourceFilter(CallbackSourceProperties properties) {
        CallbackSources sources = new CallbackSources(properties.allowed(), properties.trustedProxies());
        FilterRegistrationBean<CallbackSourceFilter> registration = new FilterRegistrationBean<>(new CallbackSourceFilter(sources));
        registration.addUrlPatterns("/tencent-im/callback", "/bench/tencent-im/callback");
        registration.setEnabled(sources.enabled());
        // After the shared edge's deadline and path-parameter filters, before anything reads the body.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }
}
