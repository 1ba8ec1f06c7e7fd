package io.roomsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a UserSig as Tencent does, written from the TLSSigAPIv2 algorithm (not from roomsync's signer, so a mistake
 * on one side is not hidden by the same mistake on the other): undo Tencent's base64 variant, inflate, read the JSON,
 * check app, identifier and expiry, recompute the HMAC-SHA256 over the four {@code TLS.*} lines and compare.
 */
final class UserSigVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<Long, EmulatorConfig.App> apps;

    UserSigVerifier(Map<Long, EmulatorConfig.App> apps) {
        this.apps = apps;
    }

    /** Throws the TimError Tencent would answer, or returns when the signature is good for this app and identifier. */
    void verify(long sdkAppId, String identifier, String userSig, long nowSeconds) {
        EmulatorConfig.App app = apps.get(sdkAppId);
        if (app == null) {
            throw new TimError(70016, "key not found for SDKAppID " + sdkAppId + " (wrong data centre or app)");
        }
        if (userSig == null || userSig.isEmpty()) {
            throw new TimError(70003, "usersig is missing");
        }
        JsonNode sig = decode(userSig);
        long sigApp = sig.path("TLS.sdkappid").asLong(-1);
        String sigIdentifier = sig.path("TLS.identifier").asText(null);
        long time = sig.path("TLS.time").asLong(-1);
        long expire = sig.path("TLS.expire").asLong(-1);
        String hmac = sig.path("TLS.sig").asText(null);
        if (sigIdentifier == null || hmac == null || time < 0 || expire < 0 || sigApp < 0) {
            throw new TimError(70003, "usersig is missing fields");
        }
        if (sigApp != sdkAppId) {
            throw new TimError(70014, "SDKAppID " + sdkAppId + " differs from the one in the usersig (" + sigApp + ")");
        }
        if (!sigIdentifier.equals(identifier)) {
            throw new TimError(70013, "identifier " + identifier + " differs from the one in the usersig");
        }
        String content = "TLS.identifier:" + sigIdentifier + "\nTLS.sdkappid:" + sigApp + "\nTLS.time:" + time
                + "\nTLS.expire:" + expire + "\n";
        if (!MessageDigest.isEqual(hmac(app.secretKey(), content), hmac.getBytes(StandardCharsets.US_ASCII))) {
            throw new TimError(70009, "usersig was not signed with this app's key");
        }
        if (nowSeconds > time + expire) {
            throw new TimError(70001, "usersig expired");
        }
    }

    private static JsonNode decode(String userSig) {
        try {
            byte[] compressed = Base64.getDecoder().decode(userSig.replace('*', '+').replace('-', '/').replace('_', '='));
            Inflater inflater = new Inflater();
            inflater.setInput(compressed);
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            byte[] buffer = new byte[256];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new TimError(70003, "usersig is truncated");
                }
                json.write(buffer, 0, n);
            }
            inflater.end();
            return JSON.readTree(json.toByteArray());
        } catch (IllegalArgumentException | DataFormatException | java.io.IOException e) {
            throw new TimError(70003, "usersig cannot be decoded");
        }
    }

    private static byte[] hmac(String key, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encode(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
