package io.roomsync.scenario;

/**
 * The scenario's rooms exist already: a scenario's room ids come from its seed ({@code scn_SEED_INDEX}, so that the
 * same seed plays the same story), and Tencent refuses a GroupId that is taken (ErrorCode 10021). A seed plays once
 * per stack; another seed, or an empty stack, plays again. A stack whose emulator restarted (it keeps its rooms in
 * memory) while Kafka kept role-sync's member states is not empty: the old versions would stand against the new story,
 * so that counts as played too.
 */
public final class SeedAlreadyPlayed extends IllegalStateException {

    private final long seed;
    private final String room;

    SeedAlreadyPlayed(long seed, String room) {
        this(seed, room, "room " + room + " exists");
    }

    SeedAlreadyPlayed(long seed, String room, String evidence) {
        super("seed " + seed + " was played on this stack already (" + evidence + ")");
        this.seed = seed;
        this.room = room;
    }

    public long seed() {
        return seed;
    }

    /** The first of the scenario's rooms found taken. */
    public String room() {
        return room;
    }
}
