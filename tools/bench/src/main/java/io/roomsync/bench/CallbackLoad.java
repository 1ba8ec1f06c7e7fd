package io.roomsync.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.LongFunction;

/**
 * The callbacks the ingest benchmark posts: Group.CallbackAfterSendMsg bodies of about 600 bytes, spread over 50
 * rooms, signed with the dev token exactly as Tencent signs (the query is re-signed each second).
 */
final class CallbackLoad implements LongFunction<LoadRun.Request> {

    static final String COMMAND = "Group.CallbackAfterSendMsg";
    static final String BEFORE_SEND = "Group.CallbackBeforeSendMsg";
    private static final String TOKEN = "dev-callback-token";
    private static final String APP = "1400000000";

    private final String path;
    private final String command;
    private volatile long signedSecond = -1;
    private volatile String query;

    CallbackLoad(String path) {
        this(path, COMMAND);
    }

    /** Callbacks of {@code command} (the same body for After- and Before-send, as Tencent sends). */
    CallbackLoad(String path, String command) {
        this.path = path;
        this.command = command;
    }

    @Override
    public LoadRun.Request apply(long n) {
        return new LoadRun.Request(path + "?" + query(), body(command, n));
    }

    static byte[] body(long n) {
        return body(COMMAND, n);
    }

    static byte[] body(String command, long n) {
        long room = n % 50;
        String json = "{\"CallbackCommand\":\"" + command + "\",\"GroupId\":\"@TGS#aBENCH" + room + "\",\"Type\":\"AVChatRoom\","
                + "\"From_Account\":\"viewer_" + (n % 2000) + "\",\"Operator_Account\":\"viewer_" + (n % 2000) + "\","
                + "\"Random\":" + (n & 0xffffffffL) + ",\"MsgSeq\":" + n + ",\"MsgTime\":1764064800,"
                + "\"MsgId\":\"144115233406643804-1764064800-" + n + "\",\"OnlineOnlyFlag\":0,"
                + "\"MsgBody\":[{\"MsgType\":\"TIMTextElem\",\"MsgContent\":{\"Text\":\"what a play, did everyone see that? "
                + "replay please, the second half was even better than the first one\"}},"
                + "{\"MsgType\":\"TIMCustomElem\",\"MsgContent\":{\"Data\":\"{\\\"level\\\":12,\\\"badge\\\":\\\"gold\\\"}\","
                + "\"Desc\":\"badge\",\"Ext\":\"\"}}],\"CloudCustomData\":\"{\\\"vip\\\":true}\",\"EventTime\":1764064800123}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private String query() {
        long second = System.currentTimeMillis() / 1000;
        if (second != signedSecond) {
            String time = Long.toString(second);
            query = "SdkAppid=" + APP + "&CallbackCommand=" + command + "&contenttype=json&ClientIP=127.0.0.1"
                    + "&OptPlatform=Web&RequestTime=" + time + "&Sign=" + sign(TOKEN + time);
            signedSecond = second;
        }
        return query;
    }

    private static String sign(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
