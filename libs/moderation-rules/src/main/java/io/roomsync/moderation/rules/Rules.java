package io.roomsync.moderation.rules;

/** The names of the rules, as decisions, metrics and the policy API state them. */
public final class Rules {

    public static final String BANNED_TERMS = "banned-terms";
    public static final String LINK = "link";
    public static final String CONTACT = "contact";
    public static final String LENGTH = "length";
    public static final String FLOOD = "flood";
    public static final String REPEAT = "repeat";
    public static final String SPAM_WAVE = "spam-wave";
    /** The same text from many members across the app's rooms (the app default policy's wave limits). */
    public static final String APP_SPAM_WAVE = "app-spam-wave";

    private Rules() {
    }
}
