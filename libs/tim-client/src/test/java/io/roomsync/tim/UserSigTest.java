package io.roomsync.tim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/** The fixed-time vector of the Tencent reference (section 4), computed there with Tencent's Python algorithm. */
class UserSigTest {

    private static final String KEY = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e";

    @Test
    void theHmacMatchesTheReferenceVector() {
        String content = UserSig.contentToSign(1400000000L, "xiaojun", 1700000000L, 15552000L);
        assertThat(UserSig.hmacSha256(KEY, content)).isEqualTo("LvA7d/Iw7gSsnskvVzBDPOCCDbuNCw4GHwTC0bip+B4=");
    }

    @Test
    void theWholeUserSigMatchesTheReferenceVectorForCompactJsonInThatKeyOrder() {
        assertThat(UserSig.generate(1400000000L, KEY, "xiaojun", 15552000L, 1700000000L)).isEqualTo(
                "eJyrVgrxCdYrSy1SslIy0jNQ0gHzM1NS80oy0zLBwhWZiflZpXlQqeKU7MSCgswUJStDEwMogMikVhRkFqUCxU1NTY3goiWZuSAxc1S1xZnpQJN9yhzNU-Q9y83Tg4vzirPLwqqcXAL8nZ1dkkr9nMtN3D3KQ5wNkjILtJ1MbJVqAa3HMfI_");
    }

    @Test
    void decodesBackToTheDocumentItSigned() throws Exception {
        String sig = UserSig.generate(1400000000L, KEY, "administrator", 86400L, 1764064800L);
        byte[] compressed = Base64.getDecoder().decode(sig.replace('*', '+').replace('-', '/').replace('_', '='));
        Inflater inflater = new Inflater();
        inflater.setInput(compressed);
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        byte[] buffer = new byte[256];
        while (!inflater.finished()) {
            json.write(buffer, 0, inflater.inflate(buffer));
        }
        assertThat(json.toString()).startsWith("{\"TLS.ver\":\"2.0\",\"TLS.identifier\":\"administrator\",\"TLS.sdkappid\":1400000000,"
                + "\"TLS.expire\":86400,\"TLS.time\":1764064800,\"TLS.sig\":\"");
    }
}
