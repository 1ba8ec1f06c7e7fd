package io.roomsync.moderation.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecallOutcomeTest {

    @Test
    void aRecalledMessageIsRecalled() {
        // Given Tencent answered RetCode 0 for the message, When counted, Then recalled
        assertThat(RecallOutcome.of(0)).isEqualTo("recalled");
    }

    @Test
    void aMessageAlreadyRecalledByACallThatTimedOutIsRecalledNotRefused() {
        // Given the first call timed out after Tencent applied it, and the retry got 10031 (already recalled)
        // When counted, Then recalled: the message is gone, as moderation asked (it was counted refused before)
        assertThat(RecallOutcome.of(10031)).isEqualTo("recalled");
    }

    @Test
    void aMessageTencentDoesNotHaveIsRefused() {
        // Given RetCode 10030 (no such message), When counted, Then refused
        assertThat(RecallOutcome.of(10030)).isEqualTo("refused");
    }
}
