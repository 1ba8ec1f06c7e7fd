package io.roomsync.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    private static final byte[] BODY = "{\"CallbackCommand\":\"Group.CallbackAfterSendMsg\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void theSameCallbackAlwaysGetsTheSameId() {
        assertThat(EventIds.of(1400000000L, "Group.CallbackAfterSendMsg", BODY))
                .isEqualTo(EventIds.of(1400000000L, "Group.CallbackAfterSendMsg", BODY.clone()))
                // Python: uuid.uuid5(NAMESPACE, "1400000000\\nGroup.CallbackAfterSendMsg\\n" + body)
                .isEqualTo("8eefca88-302f-5605-bc04-7243fa3cf59e");
    }

    @Test
    void anyDifferenceInAppCommandOrBodyGivesAnotherId() {
        String id = EventIds.of(1400000000L, "Group.CallbackAfterSendMsg", BODY);
        assertThat(EventIds.of(1400000001L, "Group.CallbackAfterSendMsg", BODY)).isNotEqualTo(id);
        assertThat(EventIds.of(1400000000L, "Group.CallbackBeforeSendMsg", BODY)).isNotEqualTo(id);
        assertThat(EventIds.of(1400000000L, "Group.CallbackAfterSendMsg", "{}".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(id);
    }

    @Test
    void aLineFeedInTheCommandCannotMoveWhereTheBodyStarts() {
        // Given two callbacks whose command and body, joined by a line feed, read the same: "A\nB" + "{}" and "A" + "B\n{}"
        String longerCommand = EventIds.of(1400000000L, "A\nB", "{}".getBytes(StandardCharsets.UTF_8));
        String longerBody = EventIds.of(1400000000L, "A", "B\n{}".getBytes(StandardCharsets.UTF_8));

        // Then they get different ids (the command's line feed is escaped)
        assertThat(longerCommand).isNotEqualTo(longerBody);
    }

    @Test
    void isANameBasedVersion5Uuid() {
        UUID id = UUID.fromString(EventIds.of(1400000000L, "Group.CallbackAfterSendMsg", BODY));
        assertThat(id.version()).isEqualTo(5);
        assertThat(id.variant()).isEqualTo(2);
    }
}
