package io.roomsync.moderation.adapter.kafka;

import io.roomsync.moderation.rules.Conduct;
import io.roomsync.moderation.rules.MemberConduct;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The bytes of moderation's memory in its state stores (and their changelog topics). Internal to moderation, so a
 * compact binary form with a leading format version, not a contract schema.
 */
final class MemoryCodec {

    private static final byte VERSION = 1;

    private MemoryCodec() {
    }

    static byte[] conduct(MemberConduct conduct) {
        return write(out -> {
            longs(out, conduct.messageTimes());
            out.writeInt(conduct.texts().size());
            for (MemberConduct.Text text : conduct.texts()) {
                out.writeInt(text.fingerprint());
                out.writeLong(text.at());
            }
            longs(out, conduct.offences());
        });
    }

    static MemberConduct conduct(byte[] bytes) {
        if (bytes == null) {
            return MemberConduct.NONE;
        }
        return read(bytes, in -> {
            List<Long> times = longs(in);
            int count = in.readInt();
            List<MemberConduct.Text> texts = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                texts.add(new MemberConduct.Text(in.readInt(), in.readLong()));
            }
            return new MemberConduct(times, texts, longs(in));
        });
    }

    static byte[] senders(List<Conduct.WaveSender> senders) {
        return write(out -> {
            out.writeInt(senders.size());
            for (Conduct.WaveSender sender : senders) {
                out.writeUTF(sender.member());
                out.writeLong(sender.at());
            }
        });
    }

    static List<Conduct.WaveSender> senders(byte[] bytes) {
        if (bytes == null) {
            return List.of();
        }
        return read(bytes, in -> {
            int count = in.readInt();
            List<Conduct.WaveSender> senders = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                senders.add(new Conduct.WaveSender(in.readUTF(), in.readLong()));
            }
            return senders;
        });
    }

    /**
     * Deletes from a store of text senders ({@link #senders(List)} values) every text nobody sent within
     * {@code windowMillis} before {@code now}: no wave rule can count them any more.
     */
    static void pruneSenders(KeyValueStore<String, byte[]> store, long now, long windowMillis) {
        List<String> gone = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining(entry -> {
                if (senders(entry.value).stream().allMatch(sender -> sender.at() <= now - windowMillis)) {
                    gone.add(entry.key);
                }
            });
        }
        gone.forEach(store::delete);
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer writer) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(VERSION);
            writer.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(byte[] bytes, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("moderation memory of unknown format " + version);
            }
            return reader.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void longs(DataOutputStream out, List<Long> values) throws IOException {
        out.writeInt(values.size());
        for (long value : values) {
            out.writeLong(value);
        }
    }

    private static List<Long> longs(DataInputStream in) throws IOException {
        int count = in.readInt();
        List<Long> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(in.readLong());
        }
        return values;
    }
}
