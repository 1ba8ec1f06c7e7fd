package io.roomsync.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    private static final long APP = 1400000000L;
    private static final String AFTER_SEND = "Group.CallbackAfterSendMsg";
    private static final String STATE_CHANGE = "Group.CallbackOnMemberStateChange";
    private static final byte[] BODY = "{\"CallbackCommand\":\"Group.CallbackAfterSendMsg\"}".getBytes(StandardCharsets.UTF_8);
    /** The older revision of Tencent's state-change body: no EventTime. */
    private static final byte[] OFFLINE = bytes("{\"CallbackCommand\":\"Group.CallbackOnMemberStateChange\",\"GroupId\":\"live_1\","
            + "\"EventType\":\"Offline\",\"MemberList\":[{\"Member_Account\":\"alice\"}]}");

    @Test
    void theSameCallbackAlwaysGetsTheSameId() {
        assertThat(EventIds.of(APP, AFTER_SEND, BODY, null))
                .isEqualTo(EventIds.of(APP, AFTER_SEND, BODY.clone(), null))
                // Python: uuid.uuid5(NAMESPACE, "1400000000\\nGroup.CallbackAfterSendMsg\\n" + body)
                .isEqualTo("8eefca88-302f-5605-bc04-7243fa3cf59e");
    }

    @Test
    void anyDifferenceInAppCommandOrBodyGivesAnotherId() {
        String id = EventIds.of(APP, AFTER_SEND, BODY, null);
        assertThat(EventIds.of(1400000001L, AFTER_SEND, BODY, null)).isNotEqualTo(id);
        assertThat(EventIds.of(APP, "Group.CallbackBeforeSendMsg", BODY, null)).isNotEqualTo(id);
        assertThat(EventIds.of(APP, AFTER_SEND, bytes("{}"), null)).isNotEqualTo(id);
    }

    @Test
    void aBodyWithoutEventTimeDeliveredInAnotherSecondIsAnotherEvent() {
        // Given Offline, Online, Offline of one member, bodies without EventTime, signed at 100, 101 and 102 s (issue 14, case 1)
        String first = EventIds.of(APP, STATE_CHANGE, OFFLINE, "100");
        String third = EventIds.of(APP, STATE_CHANGE, OFFLINE, "102");

        // Then the third is not taken for the first
        assertThat(third).isNotEqualTo(first);
        // and the same delivery, published again, keeps its id
        assertThat(EventIds.of(APP, STATE_CHANGE, OFFLINE.clone(), "100")).isEqualTo(first)
                // Python: uuid.uuid5(NAMESPACE, "1400000000\\nGroup.CallbackOnMemberStateChange\\n@100\\n" + body)
                .isEqualTo("b2517e7e-6792-5c66-a3ff-b4727343e50e");
    }

    @Test
    void aBodyWithEventTimeIsOneEventWhateverItsRequestTime() {
        // Given one state change stamped by Tencent, delivered at 100 s and again (a retry signed anew) at 103 s
        byte[] stamped = bytes("{\"CallbackCommand\":\"Group.CallbackOnMemberStateChange\",\"GroupId\":\"live_1\","
                + "\"EventType\":\"Offline\",\"MemberList\":[{\"Member_Account\":\"alice\"}],\"EventTime\":1718000100000}");

        // Then both deliveries are one event, with the id earlier versions gave it
        assertThat(EventIds.of(APP, STATE_CHANGE, stamped, "103"))
                .isEqualTo(EventIds.of(APP, STATE_CHANGE, stamped, "100"))
                .isEqualTo(EventIds.of(APP, STATE_CHANGE, stamped, null));
    }

    @Test
    void withoutRequestTimeABodyWithoutEventTimeKeepsItsBodyOnlyId() {
        assertThat(EventIds.of(APP, STATE_CHANGE, OFFLINE, null)).isEqualTo(EventIds.of(APP, STATE_CHANGE, OFFLINE, ""))
                .isNotEqualTo(EventIds.of(APP, STATE_CHANGE, OFFLINE, "100"));
    }

    @Test
    void onlyATopLevelEventTimeThatIsNeitherNullNorEmptyCounts() {
        assertThat(EventIds.hasEventTime(bytes("{\"EventTime\":1718000100000}"))).isTrue();
        assertThat(EventIds.hasEventTime(bytes("{\"A\":{\"EventTime\":1},\"EventTime\":\"1718000100000\"}"))).isTrue();
        assertThat(EventIds.hasEventTime(bytes("{\"EventTime\":null}"))).isFalse();
        assertThat(EventIds.hasEventTime(bytes("{\"EventTime\":\"\"}"))).isFalse();
        assertThat(EventIds.hasEventTime(bytes("{\"MsgBody\":[{\"EventTime\":1}],\"Text\":\"EventTime\"}"))).isFalse();
        assertThat(EventIds.hasEventTime(bytes("[{\"EventTime\":1}]"))).isFalse();
        assertThat(EventIds.hasEventTime(bytes("{\"EventTime\""))).isFalse();
        assertThat(EventIds.hasEventTime(new byte[0])).isFalse();
    }

    @Test
    void aLineFeedInTheCommandCannotMoveWhereTheBodyStarts() {
        // Given two callbacks whose command and body, joined by a line feed, read the same: "A\nB" + "{}" and "A" + "B\n{}"
        String longerCommand = EventIds.of(APP, "A\nB", bytes("{}"), null);
        String longerBody = EventIds.of(APP, "A", bytes("B\n{}"), null);

        // Then they get different ids (the command's line feed is escaped)
        assertThat(longerCommand).isNotEqualTo(longerBody);
    }

    @Test
    void isANameBasedVersion5Uuid() {
        UUID id = UUID.fromString(EventIds.of(APP, AFTER_SEND, BODY, null));
        assertThat(id.version()).isEqualTo(5);
        assertThat(id.variant()).isEqualTo(2);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
