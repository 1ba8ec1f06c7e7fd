package io.roomsync.bench;

import io.roomsync.contract.Keys;
import io.roomsync.contract.Topic;
import io.roomsync.contract.moderation.ModerationPolicy;
import io.roomsync.contract.moderation.TermAction;
import io.roomsync.moderation.rules.PolicyBook;
import io.roomsync.moderation.rules.RoomRules;
import io.roomsync.moderation.rules.TextNormaliser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Moderation's two costs, each against its baseline in one run:
 * <ul>
 *   <li>the rules on one core: messages judged per second against a 10,000-term dictionary (with links and contacts
 *       on), beside normalisation alone and beside the obvious alternative, a {@code contains} per term;</li>
 *   <li>the Before-send verdict in ingest: Before-send callbacks (judged against that policy as the app default)
 *       against After-send callbacks of the same body (not judged), both on the bench endpoint, closed-loop throughput
 *       and the p99 added at the open-loop rate.</li>
 * </ul>
 */
final class ModerationSuite {

    static final int TERMS = 10_000;
    private static final long APP = 1400000000L;

    private final BenchSettings settings;
    private final int ingestPort;
    private final int ingestManagementPort;
    private final BenchKafka kafka;

    /** @param ingestManagementPort where ingest serves Prometheus (its management port) */
    ModerationSuite(BenchSettings settings, int ingestPort, int ingestManagementPort, BenchKafka kafka) {
        this.settings = settings;
        this.ingestPort = ingestPort;
        this.ingestManagementPort = ingestManagementPort;
        this.kafka = kafka;
    }

    Report run() throws InterruptedException {
        Report report = new Report("moderation: rules per core (" + TERMS + " terms) and the Before-send verdict in ingest",
                Report.Kind.THROUGHPUT);
        ModerationPolicy policy = policy();
        matcher(report, RoomRules.compile(policy));
        verdict(report, policy);
        return report;
    }

    private void matcher(Report report, RoomRules rules) {
        List<String> messages = messages(2_000);
        List<String> terms = rules.policy().getBannedTerms().stream().map(TextNormaliser::compact).toList();
        Runnable judge = () -> messages.forEach(rules::judge);
        Runnable normalise = () -> messages.forEach(TextNormaliser::normalise);
        Runnable naive = () -> messages.forEach(message -> {
            String compact = TextNormaliser.compact(message);
            for (String term : terms) {
                if (compact.contains(term)) {
                    return;
                }
            }
        });
        System.out.println("moderation: warming up the rules for 10 s");
        perSecond(judge, messages.size(), Duration.ofSeconds(5));
        perSecond(naive, messages.size(), Duration.ofSeconds(5));
        List<Double> againstNormalise = new ArrayList<>();
        List<Double> againstNaive = new ArrayList<>();
        for (int round = 1; round <= settings.rounds(); round++) {
            double judged = perSecond(judge, messages.size(), Duration.ofSeconds(3));
            double normalised = perSecond(normalise, messages.size(), Duration.ofSeconds(3));
            double contains = perSecond(naive, messages.size(), Duration.ofSeconds(3));
            againstNormalise.add(judged / normalised);
            againstNaive.add(judged / contains);
            report.note(String.format("round %d: judged %.0f msg/s per core, normalised only %.0f, contains-per-term %.0f",
                    round, judged, normalised, contains));
            System.out.printf("moderation: round %d: judged %.0f/s, normalised %.0f/s, contains per term %.0f/s%n", round,
                    judged, normalised, contains);
        }
        report.ratioSummary("rules / normalisation alone (messages per second)", againstNormalise, null);
        report.ratioSummary("rules / a contains per term", againstNaive, 10.0);
    }

    private void verdict(Report report, ModerationPolicy policy) throws InterruptedException {
        try (KafkaProducer<String, Object> producer = kafka.producer()) {
            producer.send(new ProducerRecord<>(Topic.MODERATION_POLICY.defaultName(), Keys.policy(APP, Keys.APP_DEFAULT_ROOM), policy));
            producer.flush();
        }
        Thread.sleep(3_000);
        CallbackLoad before = new CallbackLoad(IngestSuite.BARE, CallbackLoad.BEFORE_SEND);
        CallbackLoad after = new CallbackLoad(IngestSuite.BARE, CallbackLoad.COMMAND);
        System.out.println("moderation: warming up the verdict for 20 s");
        closedLoop("warmup", before, Duration.ofSeconds(10));
        closedLoop("warmup", after, Duration.ofSeconds(10));
        List<Double> ratios = new ArrayList<>();
        for (int round = 1; round <= settings.rounds(); round++) {
            LoadRun.Result judged = closedLoop("verdict", before, settings.duration());
            LoadRun.Result plain = closedLoop("none", after, settings.duration());
            ratios.add(judged.perSecond() / plain.perSecond());
            report.throughputRow(round, judged, plain, judged.perSecond() / plain.perSecond());
        }
        double throughputRatio = report.ratioSummary("ingest with the verdict / without (callbacks per second)", ratios, null);
        // Open loop at the target rate, the two alternating in rounds so that the machine's noise falls on both.
        List<Double> added = new ArrayList<>();
        LoadRun.Result lastJudged = null;
        LoadRun.Result lastPlain = null;
        for (int round = 1; round <= settings.rounds(); round++) {
            boolean judgedFirst = round % 2 == 1;
            LoadRun.Result first = openLoop(judgedFirst ? "verdict" : "none", judgedFirst ? before : after);
            LoadRun.Result second = openLoop(judgedFirst ? "none" : "verdict", judgedFirst ? after : before);
            lastJudged = judgedFirst ? first : second;
            lastPlain = judgedFirst ? second : first;
            added.add(lastJudged.percentileMillis(99) - lastPlain.percentileMillis(99));
            System.out.printf("moderation: round %d at %.0f/s: p99 with verdict %.2f ms, without %.2f ms%n", round, settings.rate(),
                    lastJudged.percentileMillis(99), lastPlain.percentileMillis(99));
        }
        report.addedLatencyRows(settings.rate(), lastJudged, lastPlain, added, 5);
        double medianAdded = Report.median(added);
        report.headline("moderation verdict overhead", String.format("p99 %+.2f ms at %.0f/s", medianAdded, settings.rate()),
                "ingest without it (throughput ratio)", throughputRatio, "< 5 ms " + (medianAdded < 5 ? "MET" : "NOT MET"));
        report.note("inside ingest, the verdict itself (roomsync_ingest_verdict_latency_seconds): " + ServerTimer.describe(ingestManagementPort,
                "roomsync_ingest_verdict_latency_seconds"));
    }

    private LoadRun.Result openLoop(String label, CallbackLoad load) throws InterruptedException {
        return LoadRun.run(label, "127.0.0.1", ingestPort, settings.connections(), settings.rate(), settings.latencyDuration(), load);
    }

    private LoadRun.Result closedLoop(String label, CallbackLoad load, Duration duration) throws InterruptedException {
        return LoadRun.run(label, "127.0.0.1", ingestPort, settings.connections(), 0, duration, load);
    }

    private static double perSecond(Runnable pass, int perPass, Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        long done = 0;
        while (System.nanoTime() < end) {
            pass.run();
            done += perPass;
        }
        return done / ((System.nanoTime() - start) / 1e9);
    }

    /** 10,000 terms: 7,000 of two to four Chinese characters, 3,000 Latin words of five to nine letters. */
    static ModerationPolicy policy() {
        Random random = new Random(7);
        List<String> terms = new ArrayList<>(TERMS);
        for (int i = 0; i < 7_000; i++) {
            StringBuilder term = new StringBuilder();
            for (int c = 0, n = 2 + random.nextInt(3); c < n; c++) {
                term.appendCodePoint(0x4E00 + random.nextInt(3_000));
            }
            terms.add(term.toString());
        }
        for (int i = 0; i < 3_000; i++) {
            StringBuilder term = new StringBuilder();
            for (int c = 0, n = 5 + random.nextInt(5); c < n; c++) {
                term.append((char) ('a' + random.nextInt(26)));
            }
            terms.add(term.toString());
        }
        return PolicyBook.defaults(APP, Keys.APP_DEFAULT_ROOM).setRevision(1).setBannedTerms(terms)
                .setBannedTermAction(TermAction.MASK).setBlockLinks(true).setBlockContacts(true).setMaxLength(500).build();
    }

    /** Chat lines of 10 to 60 characters, mixed Chinese, Latin words, digits and punctuation, as live rooms read. */
    static List<String> messages(int count) {
        Random random = new Random(11);
        String[] words = {"wow", "666", "gg", "nice play", "replay", "lol", "主播", "厉害", "好看", "再来一次", "哈哈哈", "加油", "!", "？", "😀"};
        List<String> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder message = new StringBuilder();
            int length = 10 + random.nextInt(50);
            while (message.length() < length) {
                if (random.nextInt(4) == 0) {
                    message.appendCodePoint(0x4E00 + random.nextInt(20_000));
                } else {
                    message.append(words[random.nextInt(words.length)]).append(' ');
                }
            }
            messages.add(message.toString());
        }
        return messages;
    }
}
