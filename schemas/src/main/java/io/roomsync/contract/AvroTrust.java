package io.roomsync.contract;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 refuses to instantiate classes it does not trust when decoding into generated classes. roomsync's
 * generated classes (the contract's, and services' internal ones) are ours; every process that decodes roomsync
 * records calls {@link #trustContractClasses()} once at start-up.
 */
public final class AvroTrust {

    /** The contract's classes, and services' own internal records (io.roomsync.*.internal). */
    private static final String CONTRACT_PACKAGE = "io.roomsync.";

    private AvroTrust() {
    }

    public static synchronized void trustContractClasses() {
        ClassSecurityValidator.ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
        if (current instanceof ContractClasses) {
            return;
        }
        ClassSecurityValidator.setGlobal(new ContractClasses(current));
    }

    private record ContractClasses(ClassSecurityValidator.ClassSecurityPredicate others)
            implements ClassSecurityValidator.ClassSecurityPredicate {
        @Override
        public boolean isTrusted(Class<?> type) {
            return type.getName().startsWith(CONTRACT_PACKAGE) || others.isTrusted(type);
        }
    }
}
