package io.roomsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicAliasesTest {

    @Test
    void shortNamesResolveToTheCatalogueNames() {
        assertThat(TailCommand.TopicAliases.resolve("im-events")).isEqualTo("roomsync.im-events.v1");
        assertThat(TailCommand.TopicAliases.resolve("member-state.dlq")).isEqualTo("roomsync.member-state.v1.dlq");
    }

    @Test
    void otherNamesAreTakenAsGiven() {
        assertThat(TailCommand.TopicAliases.resolve("roomsync.notices.v1")).isEqualTo("roomsync.notices.v1");
        assertThat(TailCommand.TopicAliases.resolve("someone.else.topic")).isEqualTo("someone.else.topic");
    }
}
