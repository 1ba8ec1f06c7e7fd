package io.roomsync.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** A simulated client applies notices by version, and tells a notice it received twice (one Random, two seqs). */
class ClientViewTest {

    private static final long LATER = 4_000_000_000_000L;

    @Test
    void appliesEachMembersNewestVersionAndCountsARepeatedRandomAsADuplicate() throws Exception {
        // Given an inbox with a mute (version 2), an older grant arriving late (version 1), and the mute again
        String mute = notice(2, "MEMBER", LATER);
        JsonNode inbox = Http.JSON.readTree("[" + message(10, 501, mute) + "," + message(11, 502, notice(1, "ADMIN", null)) + ","
                + message(12, 501, mute) + "," + "{\"seq\":13,\"random\":501,\"body\":[{\"MsgType\":\"TIMTextElem\","
                + "\"MsgContent\":{\"Text\":\"chat is not a notice\"}}]}]");

        // When the client applies it
        ClientView view = new ClientView();
        view.applyInbox(inbox);

        // Then alice is muted and not admin, three notices counted, and the repeat named with both seqs
        assertThat(view.of("alice", 0)).isEqualTo(new MemberView(false, true, false));
        assertThat(view.notices).isEqualTo(3);
        assertThat(view.duplicates).isEqualTo(1);
        assertThat(view.firstDuplicate).isEqualTo("random 501 at seq 10 and 12, the same data: " + mute);
    }

    private static String notice(long version, String role, Long mutedUntil) {
        return "{\"type\":\"member.state\",\"v\":1,\"room\":\"r\",\"user\":\"alice\",\"role\":\"" + role + "\",\"mutedUntil\":"
                + mutedUntil + ",\"bannedUntil\":null,\"version\":" + version + "}";
    }

    private static String message(long seq, long random, String data) throws Exception {
        return "{\"seq\":" + seq + ",\"random\":" + random + ",\"body\":[{\"MsgType\":\"TIMCustomElem\",\"MsgContent\":"
                + "{\"Data\":" + Http.JSON.writeValueAsString(data) + ",\"Desc\":\"roomsync.member.state\",\"Ext\":\"\"}}]}";
    }
}
