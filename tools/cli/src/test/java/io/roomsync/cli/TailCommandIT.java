package io.roomsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roomsync.contract.Topic;
import io.roomsync.contract.im.ImEvent;
import io.roomsync.contract.im.MembersJoined;
import io.roomsync.teststack.Records;
import io.roomsync.teststack.RoomsyncStackExtension;
import io.roomsync.teststack.TestStack;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

@ExtendWith(RoomsyncStackExtension.class)
class TailCommandIT {

    @Test
    void printsEachRecordAsPlainJsonDecodedThroughTheRegistry() throws Exception {
        // Given an event on the im-events topic
        ImEvent event = ImEvent.newBuilder().setId("ev-tail-1").setSdkAppId(1400000000L)
                .setCommand("Group.CallbackAfterNewMemberJoin").setRoom("tail-room").setGroupType("AVChatRoom")
                .setOperator("viewer_1").setEventTime(Instant.parse("2026-11-25T10:00:00Z"))
                .setReceivedAt(Instant.parse("2026-11-25T10:00:00.250Z")).setClientIp(null).setPlatform("Web")
                .setPayload(new MembersJoined("Apply", List.of("viewer_1"))).build();
        Records.send(Topic.IM_EVENTS.defaultName(), "tail-room", event);

        // When roomsync tail reads it from the beginning by its short name
        StringWriter out = new StringWriter();
        CommandLine cli = RoomsyncCli.commandLine();
        cli.setOut(new PrintWriter(out));
        int exit = cli.execute("tail", "im-events", "--from-beginning",
                "--bootstrap-servers", TestStack.get().bootstrapServers(), "--registry", TestStack.get().registryUrl());

        // Then it prints the record as one JSON line, the union's branch named, times as ISO-8601
        assertThat(exit).isZero();
        JsonNode line = new ObjectMapper().readTree(out.toString().lines()
                .filter(l -> l.contains("ev-tail-1")).findFirst().orElseThrow());
        assertThat(line.get("topic").asText()).isEqualTo("roomsync.im-events.v1");
        assertThat(line.get("key").asText()).isEqualTo("tail-room");
        JsonNode value = line.get("value");
        assertThat(value.get("command").asText()).isEqualTo("Group.CallbackAfterNewMemberJoin");
        assertThat(value.get("eventTime").asText()).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(value.get("clientIp").isNull()).isTrue();
        assertThat(value.get("payload").toString())
                .isEqualTo("{\"@type\":\"MembersJoined\",\"joinType\":\"Apply\",\"members\":[\"viewer_1\"]}");
    }

    @Test
    void stopsAfterMaxRecords() {
        Records.send(Topic.NOTICES.defaultName(), "r", io.roomsync.contract.notice.Notice.newBuilder().setId("n1")
                .setSdkAppId(1L).setRoom("r").setAudience(io.roomsync.contract.notice.NoticeAudience.ROOM)
                .setKind("test").setBody("{}").setCreatedAt(Instant.EPOCH).build());
        Records.send(Topic.NOTICES.defaultName(), "r", io.roomsync.contract.notice.Notice.newBuilder().setId("n2")
                .setSdkAppId(1L).setRoom("r").setAudience(io.roomsync.contract.notice.NoticeAudience.ROOM)
                .setKind("test").setBody("{}").setCreatedAt(Instant.EPOCH).build());
        StringWriter out = new StringWriter();
        CommandLine cli = RoomsyncCli.commandLine();
        cli.setOut(new PrintWriter(out));

        int exit = cli.execute("tail", "roomsync.notices.v1", "-b", "--max", "1",
                "--bootstrap-servers", TestStack.get().bootstrapServers(), "--registry", TestStack.get().registryUrl());

        assertThat(exit).isZero();
        assertThat(out.toString().lines()).hasSize(1);
    }

    @Test
    void saysSoWhenTheTopicDoesNotExist() {
        StringWriter err = new StringWriter();
        CommandLine cli = RoomsyncCli.commandLine();
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("tail", "no-such-topic", "--bootstrap-servers", TestStack.get().bootstrapServers(),
                "--registry", TestStack.get().registryUrl());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("no topic no-such-topic");
    }
}
