package io.roomsync.rolesync.adapter.http;

import io.roomsync.security.ApiScope;
import io.roomsync.security.spring.ApiRoutes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * The scope each route of {@link MemberApi} needs (README, "Security"). Any other path needs a valid token; the
 * OpenAPI document is open.
 */
@Configuration(proxyBeanMethods = false)
public class MemberApiAccess {

    private static final String MEMBER = "/v1/rooms/{roomId}/members/{userId}";

    @Bean
    public static ApiRoutes memberApiRoutes() {
        return ApiRoutes.api()
                .route(HttpMethod.POST, MEMBER + "/mute", ApiScope.MEMBERS_WRITE)
                .route(HttpMethod.POST, MEMBER + "/unmute", ApiScope.MEMBERS_WRITE)
                .route(HttpMethod.POST, MEMBER + "/ban", ApiScope.MEMBERS_WRITE)
                .route(HttpMethod.POST, MEMBER + "/unban", ApiScope.MEMBERS_WRITE)
                .route(HttpMethod.POST, MEMBER + "/admin", ApiScope.ADMINS_WRITE)
                .route(HttpMethod.DELETE, MEMBER + "/admin", ApiScope.ADMINS_WRITE)
                .route(HttpMethod.GET, MEMBER, ApiScope.MEMBERS_READ)
                .route(HttpMethod.GET, "/v1/rooms/{roomId}/members", ApiScope.MEMBERS_READ)
                .route(HttpMethod.GET, "/v1/rooms", ApiScope.MEMBERS_READ)
                .route(HttpMethod.GET, "/v1/commands/{id}", ApiScope.MEMBERS_READ)
                .route(HttpMethod.POST, "/v1/rooms/{roomId}/reconcile", ApiScope.ROOMS_RECONCILE)
                .openRoute(HttpMethod.GET, "/v1/openapi.yaml")
                .build();
    }
}
