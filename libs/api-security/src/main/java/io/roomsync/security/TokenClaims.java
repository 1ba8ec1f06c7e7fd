package io.roomsync.security;

/** The claims roomsync reads from a bearer token besides the standard ones ({@code iss}, {@code aud}, {@code exp}, ...). */
public final class TokenClaims {

    /** The scopes, space-separated (RFC 8693 / RFC 9068); {@code scp} as a list is read too. */
    public static final String SCOPE = "scope";
    /** Who the token was issued to (RFC 9068); recorded with the subject as the requester. */
    public static final String CLIENT_ID = "client_id";
    /**
     * Optional: the IM apps (SdkAppids, a list of numbers) the token may act on. Absent: every app the service
     * serves. Present: only those listed (an empty list: none).
     */
    public static final String APPS = "roomsync_apps";

    private TokenClaims() {
    }
}
