package io.roomsync.ingest.adapter.http;

import io.roomsync.security.spring.ApiRoutes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * ingest serves no API: its callback edge is authenticated by Tencent's {@code Sign} (README, "Security", with what
 * that Sign does not cover), so its port needs no bearer token. The shared security chain still guards the
 * management port: health details need a valid token.
 */
@Configuration(proxyBeanMethods = false)
public class CallbackEdgeAccess {

    @Bean
    public static ApiRoutes callbackEdgeRoutes() {
        return ApiRoutes.open().build();
    }
}
