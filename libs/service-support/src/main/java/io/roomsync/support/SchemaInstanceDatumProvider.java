package io.roomsync.support;

import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Apicurio's datum provider, with its writers cached by schema instance. Apicurio 3.1 keys its writer cache by the
 * schema's parsing-form fingerprint, which it computes for every record: for ImEvent that normalisation was most of
 * ingest's allocation per callback (measured with JFR under {@code make bench}). Generated classes share one schema
 * instance, whose hash Avro caches and whose equality check sees the same instance first, so this lookup costs a
 * hash probe.
 */
public class SchemaInstanceDatumProvider<T> extends DefaultAvroDatumProvider<T> {

    private final ConcurrentHashMap<Schema, DatumWriter<T>> specificWriters = new ConcurrentHashMap<>();

    @Override
    public DatumWriter<T> createDatumWriter(T data, Schema schema) {
        if (data instanceof SpecificRecord) {
            return specificWriters.computeIfAbsent(schema, SpecificDatumWriter::new);
        }
        return super.createDatumWriter(data, schema);
    }
}
