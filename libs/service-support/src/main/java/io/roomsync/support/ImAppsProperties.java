package io.roomsync.support;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The Tencent IM apps this deployment serves ({@code roomsync.im.apps[*]}); several may be configured side by side.
 * For the usual single app, the environment variables {@code ROOMSYNC_IM_SDK_APP_ID}, {@code ROOMSYNC_IM_SECRET_KEY},
 * {@code ROOMSYNC_IM_CALLBACK_TOKEN}, {@code ROOMSYNC_IM_ADMIN_IDENTIFIER} and {@code ROOMSYNC_IM_DOMAIN} fill the
 * first entry. Outside the dev profile no secret has a default.
 *
 * @param apps at least one app
 */
@Validated
@ConfigurationProperties("roomsync.im")
public record ImAppsProperties(@NotEmpty @Valid List<App> apps) {

    /**
     * One IM app.
     *
     * @param sdkAppId        the SDKAppID from the IM console (required, positive)
     * @param adminIdentifier the app admin account the REST API is called as (default {@code administrator})
     * @param secretKey       the app's secret key, signs UserSigs; required by services that call the REST API
     * @param callbackToken   the callback authentication token set in the console; empty when callbacks are unsigned
     * @param domain          the REST API base of the app's data centre, e.g. {@code https://adminapisgp.im.qcloud.com}
     */
    public record App(@Positive(message = "must be set to the app's SDKAppID (ROOMSYNC_IM_SDK_APP_ID)") long sdkAppId,
                      @NotBlank String adminIdentifier,
                      String secretKey,
                      String callbackToken,
                      @NotNull URI domain) {

        public boolean hasSecretKey() {
            return secretKey != null && !secretKey.isBlank();
        }

        public boolean hasCallbackToken() {
            return callbackToken != null && !callbackToken.isBlank();
        }

        @Override
        public String toString() {
            // Never print secrets: this record ends up in logs and actuator output.
            return "App[sdkAppId=" + sdkAppId + ", adminIdentifier=" + adminIdentifier + ", domain=" + domain
                    + ", secretKey=" + (hasSecretKey() ? "set" : "unset")
                    + ", callbackToken=" + (hasCallbackToken() ? "set" : "unset") + "]";
        }
    }

    public Optional<App> find(long sdkAppId) {
        return apps.stream().filter(app -> app.sdkAppId() == sdkAppId).findFirst();
    }

    /** Fails start-up, naming the setting, when an app lacks its secret key (for services that call Tencent). */
    public void requireSecretKeys() {
        for (int i = 0; i < apps.size(); i++) {
            if (!apps.get(i).hasSecretKey()) {
                throw new IllegalStateException("roomsync.im.apps[" + i + "].secret-key is not set (ROOMSYNC_IM_SECRET_KEY);"
                        + " it has no default outside the dev profile");
            }
        }
    }
}
