package io.roomsync.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

    @Test
    void clusterIdsAreSixteenBytesAndNeverLookLikeAnOption() {
        // When many cluster ids are made (one in 64 random ones starts with '-')
        for (int i = 0; i < 10_000; i++) {
            String id = KafkaBroker.clusterId();

            // Then none starts with '-', and each is 16 bytes in url-safe base64 without padding
            assertThat(id).doesNotStartWith("-").hasSize(22);
            assertThat(Base64.getUrlDecoder().decode(id)).hasSize(16);
        }
    }

    @Test
    void aScramBrokerFormatsEachUsersCredentialAndServesClientsOnlyThroughSaslWithAcls() {
        // Given a SCRAM broker with a super user and one service user
        KafkaBroker.Scram scram = new KafkaBroker.Scram("kafka-admin", "admin-pw", java.util.Map.of("roomsync-ingest", "ingest-pw"));

        // Then each user's SCRAM-SHA-512 credential is written at format time, the super user's too
        assertThat(scram.formatArguments()).containsExactly(
                "--add-scram", "SCRAM-SHA-512=[name=kafka-admin,password=admin-pw]",
                "--add-scram", "SCRAM-SHA-512=[name=roomsync-ingest,password=ingest-pw]");
        // And the only client listener is SASL (SCRAM), with the StandardAuthorizer denying what no ACL allows
        assertThat(scram.serverProperties(9092, 9093)).contains(
                "listeners=SASL_PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093",
                "sasl.enabled.mechanisms=SCRAM-SHA-512",
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users=User:kafka-admin",
                "allow.everyone.if.no.acl.found=false");
    }

    @Test
    void aCredentialTheStorageToolCouldMisreadIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new KafkaBroker.Scram("admin", "pw,name=x", java.util.Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'pw,name=x'");
    }
}
