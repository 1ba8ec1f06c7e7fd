package io.roomsync.notices.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a client believes after applying, in order, the roomsync notices it received: each member's newest version
 * (the notice protocol's rule). Read from the emulator's record of the client's inbox.
 */
final class ClientView {

    private static final ObjectMapper JSON = new ObjectMapper();

    final Map<String, Long> versions = new HashMap<>();
    final Map<String, JsonNode> members = new HashMap<>();
    final List<JsonNode> notices = new ArrayList<>();
    final List<Long> randoms = new ArrayList<>();
    final Map<Long, Integer> perSecond = new HashMap<>();

    static ClientView of(JsonNode inbox) {
        ClientView view = new ClientView();
        for (JsonNode message : inbox) {
            JsonNode element = message.path("body").get(0);
            if (!"TIMCustomElem".equals(element.path("MsgType").asText())
                    || !"roomsync.member.state".equals(element.path("MsgContent").path("Desc").asText())) {
                continue;
            }
            view.randoms.add(message.path("random").asLong());
            view.perSecond.merge(message.path("time").asLong(), 1, Integer::sum);
            try {
                JsonNode notice = JSON.readTree(element.path("MsgContent").path("Data").asText());
                view.notices.add(notice);
                if ("member.state".equals(notice.path("type").asText())) {
                    view.apply(notice);
                } else {
                    notice.path("members").forEach(view::apply);
                }
            } catch (Exception e) {
                throw new AssertionError("not a notice: " + element, e);
            }
        }
        return view;
    }

    private void apply(JsonNode member) {
        String user = member.path("user").asText();
        long version = member.path("version").asLong();
        if (version > versions.getOrDefault(user, 0L)) {
            versions.put(user, version);
            members.put(user, member);
        }
    }
}
