package io.roomsync.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomsync.contract.im.ImEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14, case 1: a callback that really happens again, in a body without EventTime, is a new event; the same
 * delivery is the same event. Each sequence is three signed callbacks for one member, one second apart.
 */
class RepeatedCallbackIdsTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-29T10:00:00Z");
    private final CallbackParser parser = new CallbackParser();

    static Stream<Arguments> sequences() {
        String state = "{\"CallbackCommand\":\"Group.CallbackOnMemberStateChange\",\"GroupId\":\"live_1\",\"EventType\":\"%s\","
                + "\"MemberList\":[{\"Member_Account\":\"alice\"}]}";
        String role = "{\"CallbackCommand\":\"Group.CallbackAfterMemberFieldChanged\",\"GroupId\":\"live_1\",\"Type\":\"AVChatRoom\","
                + "\"Operator_Account\":\"host\",\"Member_Account\":\"alice\",\"Role\":\"%s\"}";
        String join = "{\"CallbackCommand\":\"Group.CallbackAfterNewMemberJoin\",\"GroupId\":\"live_1\",\"Type\":\"AVChatRoom\","
                + "\"JoinType\":\"Apply\",\"Operator_Account\":\"alice\",\"NewMemberList\":[{\"Member_Account\":\"alice\"}]}";
        String exit = "{\"CallbackCommand\":\"Group.CallbackAfterMemberExit\",\"GroupId\":\"live_1\",\"Type\":\"AVChatRoom\","
                + "\"ExitType\":\"Quit\",\"Operator_Account\":\"alice\",\"ExitMemberList\":[{\"Member_Account\":\"alice\"}]}";
        return Stream.of(
                Arguments.of("Offline, Online, Offline", List.of(state.formatted("Offline"), state.formatted("Online"), state.formatted("Offline"))),
                Arguments.of("Admin, Member, Admin", List.of(role.formatted("Admin"), role.formatted("Member"), role.formatted("Admin"))),
                Arguments.of("join, exit, join", List.of(join, exit, join)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void aRealRepeatIsANewEventAndTheSameDeliveryIsNot(String name, List<String> bodies) {
        // Given three callbacks, the third with the first's body, delivered at RequestTime 100, 101 and 102
        List<ImEvent> events = List.of(parse(bodies.get(0), "100"), parse(bodies.get(1), "101"), parse(bodies.get(2), "102"));

        // Then none has an EventTime, and each is its own event
        assertThat(events).extracting(ImEvent::getEventTime).containsOnlyNulls();
        assertThat(events).extracting(ImEvent::getId).doesNotHaveDuplicates();
        // and the first delivery published again (a proxy retrying the request) is the same event
        assertThat(parse(bodies.get(0), "100").getId()).isEqualTo(events.get(0).getId());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void withAnEventTimeTwoDeliveriesOfOneCallbackAreOneEvent(String name, List<String> bodies) {
        // Given the first callback stamped by Tencent, delivered at 100 and retried, signed anew, at 103
        String stamped = bodies.get(0).replaceFirst("}$", ",\"EventTime\":1764410400000}");

        // Then both deliveries are one event
        assertThat(parse(stamped, "103").getId()).isEqualTo(parse(stamped, "100").getId());
    }

    private ImEvent parse(String body, String requestTime) {
        Intake intake = parser.parse(new Callback("1400000000", null, null, requestTime, null, null,
                body.getBytes(StandardCharsets.UTF_8), RECEIVED));
        assertThat(intake).isInstanceOf(Intake.Accepted.class);
        return ((Intake.Accepted) intake).event();
    }
}
