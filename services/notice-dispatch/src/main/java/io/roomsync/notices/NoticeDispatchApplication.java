package io.roomsync.notices;

import io.roomsync.notices.adapter.TencentNotices;
import io.roomsync.notices.domain.NoticeGateway;
import io.roomsync.tim.TimClient;
import io.roomsync.timspring.TimApps;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** notice-dispatch: every client learns every permission change, within Tencent's budgets (architecture, section 4). */
@SpringBootApplication
@EnableConfigurationProperties(NoticeProperties.class)
public class NoticeDispatchApplication {

    public static void main(String[] args) {
        SpringApplication.run(NoticeDispatchApplication.class, args);
    }

    @Bean
    NoticeGateway noticeGateway(TimClient tencent, TimApps apps) {
        return new TencentNotices(tencent, apps);
    }
}
