package io.roomsync.scenario;

/** What one party believes of one member: admin (or owner), muted, banned. */
public record MemberView(boolean admin, boolean muted, boolean banned) {

    public static final MemberView PLAIN = new MemberView(false, false, false);

    @Override
    public String toString() {
        return (admin ? "admin" : "member") + (muted ? ",muted" : "") + (banned ? ",banned" : "");
    }
}
