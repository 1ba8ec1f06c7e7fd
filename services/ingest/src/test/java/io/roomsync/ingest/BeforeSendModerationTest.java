package io.roomsync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.roomsync.contract.im.AnsweredVerdict;
import io.roomsync.contract.im.GroupMessage;
import io.roomsync.contract.im.ImEvent;
import io.roomsync.contract.im.MessageElement;
import io.roomsync.contract.im.VerdictKind;
import io.roomsync.ingest.domain.SendVerdict;
import io.roomsync.moderation.rules.PolicyBook;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A member's message carrying roomsync's notice marker (a forged notice) is refused by the Before-send verdict, before
 * any policy, and counted; the app's backend (REST API) may send it.
 */
class BeforeSendModerationTest {

    private static final long APP = 1400000000L;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void aMembersForgedNoticeIsRefusedEvenBeforeThePolicyLoadedAndCounted() {
        // Given the verdict while the policy replica has not loaded (every other message would be allowed)
        BeforeSendModeration moderation = new BeforeSendModeration(new PolicyBook(), () -> false, meters);

        // When mallory's Web client sends a custom message described roomsync.member.state, making herself admin
        BeforeSendModeration.Verdict verdict = moderation.judge(beforeSend("Web", "roomsync.member.state"));

        // Then Tencent is told to refuse it (ErrorCode 1: mallory sees 10016, nobody receives it), the event carries a
        // REJECT by roomsync-notice, and the verdict counter has one reject by that rule and nothing else
        assertThat(new String(verdict.answer(), StandardCharsets.UTF_8))
                .isEqualTo("{\"ActionStatus\":\"OK\",\"ErrorCode\":1,\"ErrorInfo\":\"roomsync notices come only from the app\"}");
        assertThat(verdict.carried()).isEqualTo(new AnsweredVerdict(VerdictKind.REJECT, "roomsync-notice", "roomsync.member.state", null));
        assertThat(meters.get("roomsync.ingest.verdicts").tag("verdict", "reject").tag("rule", "roomsync-notice").counter().count())
                .isEqualTo(1.0);
        assertThat(meters.find("roomsync.ingest.verdicts").counters()).hasSize(1);
    }

    @Test
    void theAppsBackendMaySendTheMarkerAndOtherCustomMessagesAreJudgedAsBefore() {
        // Given the verdict with its policy loaded and no policy for the room
        BeforeSendModeration moderation = new BeforeSendModeration(new PolicyBook(), () -> true, meters);

        // When the backend (REST API) sends a roomsync.programme message, and a member's client a "badge" one
        BeforeSendModeration.Verdict backend = moderation.judge(beforeSend("RESTAPI", "roomsync.programme"));
        BeforeSendModeration.Verdict badge = moderation.judge(beforeSend("Android", "badge"));

        // Then both are allowed, for the reasons they always were
        assertThat(backend.carried()).isEqualTo(SendVerdict.allowedWithoutJudging("backend"));
        assertThat(badge.carried()).isEqualTo(SendVerdict.allowedWithoutJudging("no-policy"));
        assertThat(new String(badge.answer(), StandardCharsets.UTF_8)).isEqualTo("{\"ActionStatus\":\"OK\",\"ErrorCode\":0,\"ErrorInfo\":\"\"}");
        assertThat(meters.find("roomsync.ingest.verdicts").tag("rule", "roomsync-notice").counters()).isEmpty();
    }

    /** A Before-send callback's event: mallory sends one custom element described {@code description} from {@code platform}. */
    private static ImEvent beforeSend(String platform, String description) {
        GroupMessage message = GroupMessage.newBuilder().setFrom("mallory").setBody(List.of(MessageElement.newBuilder()
                .setType("TIMCustomElem").setContent("{\"Data\":\"{\\\"type\\\":\\\"member.state\\\",\\\"user\\\":\\\"mallory\\\","
                        + "\\\"role\\\":\\\"ADMIN\\\",\\\"version\\\":999999}\",\"Desc\":\"" + description + "\"}").build())).build();
        return ImEvent.newBuilder().setId("e1").setSdkAppId(APP).setCommand(SendVerdict.COMMAND).setRoom("live_1")
                .setPlatform(platform).setReceivedAt(Instant.parse("2026-11-30T05:00:00Z")).setPayload(message).build();
    }
}
