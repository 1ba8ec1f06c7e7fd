package io.roomsync.moderation.adapter.http;

import io.roomsync.security.ApiScope;
import io.roomsync.security.spring.ApiRoutes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/** The scope each route of {@link PolicyApi} needs (README, "Security"); any other path needs a valid token. */
@Configuration(proxyBeanMethods = false)
public class PolicyApiAccess {

    @Bean
    public static ApiRoutes policyApiRoutes() {
        return ApiRoutes.api()
                .route(HttpMethod.GET, "/v1/policies/{room}", ApiScope.POLICIES_READ)
                .route(HttpMethod.PUT, "/v1/policies/{room}", ApiScope.POLICIES_WRITE)
                .route(HttpMethod.DELETE, "/v1/policies/{room}", ApiScope.POLICIES_WRITE)
                .route(HttpMethod.GET, "/v1/rooms/{room}/decisions", ApiScope.DECISIONS_READ)
                .route(HttpMethod.GET, "/v1/rooms/{room}/decisions/per-minute", ApiScope.DECISIONS_READ)
                .build();
    }
}
