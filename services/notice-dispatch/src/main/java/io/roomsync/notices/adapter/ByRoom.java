package io.roomsync.notices.adapter;

import io.roomsync.contract.Keys;
import io.roomsync.contract.member.MemberState;
import io.roomsync.contract.notice.Notice;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Keys notice-dispatch's inputs by room ({@code sdkAppId/groupId}) before the repartition, so a room's inputs meet in
 * one task. A tombstone on the member-state topic (role-sync removed the member: its room was destroyed) has no value
 * to take the room from: it is keyed by the room of its member key, and the member key rides along in the
 * {@value #REMOVED_MEMBER} header. A tombstone whose key is no member key is not role-sync's, and is dropped.
 */
final class ByRoom implements Processor<String, SpecificRecord, String, SpecificRecord> {

    /** Header of a re-keyed tombstone: the member key (UTF-8) of the member removed. */
    static final String REMOVED_MEMBER = "roomsync-removed-member";

    private ProcessorContext<String, SpecificRecord> context;

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() != null) {
            context.forward(record.withKey(roomKey(record.value())));
            return;
        }
        Optional<Keys.MemberKey> member = record.key() == null ? Optional.empty() : Keys.tryParseMember(record.key());
        member.ifPresent(key -> {
            RecordHeaders headers = new RecordHeaders(record.headers().toArray());
            headers.remove(REMOVED_MEMBER);
            headers.add(REMOVED_MEMBER, record.key().getBytes(StandardCharsets.UTF_8));
            context.forward(record.withKey(Keys.appRoom(key.sdkAppId(), key.groupId())).withHeaders(headers));
        });
    }

    /** The member removed, when {@code record} is a re-keyed tombstone. */
    static Optional<Keys.MemberKey> removedMember(Record<String, SpecificRecord> record) {
        Header header = record.value() == null ? record.headers().lastHeader(REMOVED_MEMBER) : null;
        return header == null ? Optional.empty() : Keys.tryParseMember(new String(header.value(), StandardCharsets.UTF_8));
    }

    private static String roomKey(SpecificRecord value) {
        if (value instanceof MemberState state) {
            return Keys.appRoom(state.getSdkAppId(), state.getRoom());
        }
        if (value instanceof Notice notice) {
            return Keys.appRoom(notice.getSdkAppId(), notice.getRoom());
        }
        return "unknown";
    }
}
