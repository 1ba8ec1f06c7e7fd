package io.roomsync.timspring;

import io.micrometer.core.instrument.MeterRegistry;
import io.roomsync.support.ImAppsProperties;
import io.roomsync.tim.TimClient;
import io.roomsync.tim.TimClientConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** One {@link TimClient} per service (its rate limits hold for the whole process), and the apps it calls. */
@AutoConfiguration
@EnableConfigurationProperties(TencentProperties.class)
public class TimClientAutoConfiguration {

    @Bean(destroyMethod = "close")
    TimClient timClient(TencentProperties tencent, MeterRegistry meters) {
        return new TimClient(TimClientConfig.custom()
                .ratePerSecond(tencent.ratePerSecond())
                .maxAttempts(tencent.maxAttempts())
                .initialBackoff(tencent.initialBackoff())
                .maxBackoff(tencent.maxBackoff())
                .readTimeout(tencent.readTimeout())
                .openStateWait(tencent.openStateWait())
                .build(), meters);
    }

    @Bean
    TimApps timApps(ImAppsProperties apps) {
        return new TimApps(apps);
    }
}
