package io.roomsync.notices.adapter.http;

import io.roomsync.security.ApiScope;
import io.roomsync.security.spring.ApiRoutes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * The scope each route of notice-dispatch's API ({@link ProgrammeApi}) needs (README, "Security"); every other path of
 * its port needs a valid bearer token, and its management port is guarded by the same chain.
 */
@Configuration(proxyBeanMethods = false)
public class NoticeDispatchAccess {

    private static final String PROGRAMME = "/v1/rooms/{roomId}/programme";

    @Bean
    public static ApiRoutes noticeDispatchRoutes() {
        return ApiRoutes.api()
                .route(HttpMethod.PUT, PROGRAMME, ApiScope.PROGRAMMES_WRITE)
                .route(HttpMethod.DELETE, PROGRAMME, ApiScope.PROGRAMMES_WRITE)
                .route(HttpMethod.GET, PROGRAMME, ApiScope.PROGRAMMES_READ)
                .build();
    }
}
