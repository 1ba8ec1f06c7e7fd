package io.roomsync.tim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.zip.Deflater;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tencent's UserSig (TLSSigAPIv2): HMAC-SHA256 with the app's secret key (its UTF-8 bytes) over four lines
 * {@code TLS.identifier}, {@code TLS.sdkappid}, {@code TLS.time}, {@code TLS.expire}, each ending in a newline; the
 * signature and those fields as JSON; the JSON deflated with a zlib header; the result in base64 with Tencent's
 * substitutions ({@code +} to {@code *}, {@code /} to {@code -}, {@code =} to {@code _}).
 */
public final class UserSig {

    private static final ObjectMapper JSON = new ObjectMapper();

    private UserSig() {
    }

    /**
     * @param sdkAppId      the app
     * @param secretKey     the app's secret key, as the console shows it (used as UTF-8 bytes, not hex-decoded)
     * @param identifier    whose signature (for REST calls: the app admin)
     * @param expireSeconds validity from {@code nowSeconds}
     * @param nowSeconds    the signing time, Unix seconds
     */
    public static String generate(long sdkAppId, String secretKey, String identifier, long expireSeconds, long nowSeconds) {
        String signature = hmacSha256(secretKey, contentToSign(sdkAppId, identifier, nowSeconds, expireSeconds));
        ObjectNode document = JSON.createObjectNode()
                .put("TLS.ver", "2.0")
                .put("TLS.identifier", identifier)
                .put("TLS.sdkappid", sdkAppId)
                .put("TLS.expire", expireSeconds)
                .put("TLS.time", nowSeconds)
                .put("TLS.sig", signature);
        byte[] json = document.toString().getBytes(StandardCharsets.UTF_8);
        return tencentBase64(deflate(json));
    }

    /** The four lines the HMAC covers. */
    static String contentToSign(long sdkAppId, String identifier, long time, long expire) {
        return "TLS.identifier:" + identifier + "\n"
                + "TLS.sdkappid:" + sdkAppId + "\n"
                + "TLS.time:" + time + "\n"
                + "TLS.expire:" + expire + "\n";
    }

    /** {@code TLS.sig}: standard base64 of HMAC-SHA256(key, content). */
    static String hmacSha256(String secretKey, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static byte[] deflate(byte[] input) {
        Deflater deflater = new Deflater();
        deflater.setInput(input);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(input.length);
        byte[] buffer = new byte[512];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static String tencentBase64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes).replace('+', '*').replace('/', '-').replace('=', '_');
    }
}
