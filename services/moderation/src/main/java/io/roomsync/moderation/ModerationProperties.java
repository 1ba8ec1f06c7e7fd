package io.roomsync.moderation;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of moderation ({@code roomsync.moderation.*}). The rules themselves are not configuration: they are
 * policies, set through the policy API and kept in the policy topic.
 *
 * @param requester the requester named in the member commands moderation sends (default {@code moderation})
 */
@Validated
@ConfigurationProperties("roomsync.moderation")
public record ModerationProperties(@DefaultValue("moderation") @NotBlank String requester) {
}
