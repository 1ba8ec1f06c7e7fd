package io.roomsync.notices.adapter.http;

import io.roomsync.security.spring.ApiRoutes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * notice-dispatch serves no API of its own: every path of its port needs a valid bearer token (README, "Security");
 * its management port is guarded by the same chain.
 */
@Configuration(proxyBeanMethods = false)
public class NoticeDispatchAccess {

    @Bean
    public static ApiRoutes noticeDispatchRoutes() {
        return ApiRoutes.api().build();
    }
}
