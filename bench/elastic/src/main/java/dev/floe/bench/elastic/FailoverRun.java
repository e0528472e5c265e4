package dev.floe.bench.elastic;

import dev.floe.bench.Args;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;

/**
 * Failover RTO: under steady idempotent load over many partitions, SIGKILL one broker of a cluster the agent runs,
 * and measure per partition the time until a produce to it is acknowledged again; split the slowest into the
 * catalog's steps (fencing, WAL volume move, WAL recovery, reassignment). Then wait until the cluster healed
 * (the agent's replacement serving, partitions balanced) before the next kill. One RESULT line per kill.
 */
final class FailoverRun {

    record Settings(String bootstrap, String catalogUrl, String catalogUser, String catalogPassword, Path stateDir,
                    String cluster, String topic, int partitions, int brokers, int kills, int producers, int rate,
                    int recordSize, Duration warmup, Duration rtoLimit, Duration healLimit, Duration settle) {
        static Settings from(Args args) {
            Settings s = new Settings(args.string("bootstrap", null), args.string("catalog-url", null),
                    args.string("catalog-user", "postgres"), args.string("catalog-password", ""),
                    Path.of(args.string("state-dir", null)), args.string("cluster", null),
                    args.string("topic", "bench-failover"), (int) args.number("partitions", 48),
                    (int) args.number("brokers", 3), (int) args.number("kills", 5),
                    (int) args.number("producers", 2), (int) args.number("rate", 1000),
                    (int) args.number("record-size", 1024), Duration.ofSeconds(args.number("warmup-seconds", 10)),
                    Duration.ofSeconds(args.number("rto-limit", 120)), Duration.ofSeconds(args.number("heal-limit", 240)),
                    Duration.ofSeconds(args.number("settle-seconds", 5)));
            if (s.brokers < 2 || s.kills < 1 || s.kills > 100) {
                throw new IllegalArgumentException("--brokers must be at least 2, --kills between 1 and 100");
            }
            return s;
        }

        /** An upper bound of the whole run, for the load's own time limit. */
        Duration total() {
            return warmup.plus(rtoLimit.plus(healLimit).plus(settle).multipliedBy(kills)).plusMinutes(5);
        }
    }

    private final Settings settings;
    private final BrokerWatch watch = new BrokerWatch();

    FailoverRun(Settings settings) {
        this.settings = settings;
    }

    /** Returns the number of kills that did not end in a writable, healed cluster (0 = all fine). */
    int run() throws Exception {
        LocalBrokers local = new LocalBrokers(settings.stateDir(), settings.cluster());
        try (Catalog catalog = new Catalog(settings.catalogUrl(), settings.catalogUser(), settings.catalogPassword());
             Admin admin = TopicAdmin.connect(settings.bootstrap())) {
            TopicAdmin.ensure(admin, settings.topic(), settings.partitions());
            awaitHealthy(catalog, Deadline.in(settings.healLimit(), "a healthy cluster before the first kill"));
            SteadyLoad load = new SteadyLoad(new SteadyLoad.Settings(settings.bootstrap(), settings.topic(),
                    settings.partitions(), settings.producers(), settings.rate(), settings.recordSize(),
                    (long) settings.rate() * settings.total().toSeconds(), settings.total())).start();
            int failures = 0;
            try {
                warmUp(load);
                for (int kill = 1; kill <= settings.kills() && failures == 0; kill++) {
                    failures += killOnce(kill, local, catalog, load);
                }
            } finally {
                load.close();
                new ResultLine("failover-load").put("sent", load.sent()).put("acknowledged", load.acknowledged())
                        .put("failed", load.failed()).put("last_error", load.lastError()).print();
            }
            return failures;
        }
    }

    /** Every partition acknowledges records before the first kill, so the producers know every leader. */
    private void warmUp(SteadyLoad load) throws InterruptedException {
        load.writability().mark(System.nanoTime());
        Deadline deadline = Deadline.in(settings.warmup().plusSeconds(60), "acknowledgements from every partition");
        Thread.sleep(settings.warmup().toMillis());
        while (!load.writability().allWritable()) {
            deadline.pause(100);
        }
        Log.info("warm: %d records acknowledged, %d failed", load.acknowledged(), load.failed());
    }

    private int killOnce(int kill, LocalBrokers local, Catalog catalog, SteadyLoad load) throws Exception {
        int victim = (kill - 1) % settings.brokers() + 1;
        OptionalLong pid = local.pid(victim);
        Catalog.Broker before = catalog.broker(victim)
                .orElseThrow(() -> new IllegalStateException("node " + victim + " has no catalog row"));
        if (pid.isEmpty() || !before.serving()) {
            throw new IllegalStateException("node " + victim + " is not a serving broker process before kill " + kill);
        }
        boolean controller = catalog.controller().map(c -> c == victim).orElse(false);
        List<Integer> owned = catalog.partitionsOwnedBy(settings.topic(), victim);
        Log.info("kill %d: SIGKILL node %d (pid %d%s, %d of %d partitions)", kill, victim, pid.getAsLong(),
                controller ? ", the controller" : "", owned.size(), settings.partitions());

        List<Catalog.Broker> rows = catalog.brokers();
        long killNanos = local.kill(pid.getAsLong());
        // Only records sent once the process is gone count: it cannot have acknowledged them.
        load.writability().mark(System.nanoTime());
        watch.reset("kill " + kill, killNanos, rows);
        double killEpoch = Clock.epochMillis(killNanos);
        FailoverTimeline timeline = new FailoverTimeline(victim, before.incarnation());
        Deadline deadline = Deadline.in(settings.rtoLimit(), "every partition writable after kill " + kill);
        String status = "ok";
        try {
            while (!load.writability().allWritable()) {
                timeline.poll(catalog);
                watch.observe(catalog.brokers());
                deadline.pause(50);
            }
            // The catalog's last steps are normally seen by now; a short bounded look for any not yet polled.
            Deadline rest = Deadline.in(Duration.ofSeconds(15), "the catalog's record of kill " + kill);
            while (!timeline.complete() && !rest.passed()) {
                timeline.poll(catalog);
                Thread.sleep(50);
            }
        } catch (Deadline.Missed e) {
            status = "not-writable-within-" + settings.rtoLimit().toSeconds() + "s";
            Log.info("kill %d: %s; partitions still not writable: %s; catalog: fenced %s, move %s", kill,
                    e.getMessage(), unwritable(load.writability()), timeline.fencedAt(), timeline.move());
        }

        List<Double> all = new ArrayList<>();
        List<Double> ofVictim = new ArrayList<>();
        for (int p = 0; p < settings.partitions(); p++) {
            long ack = load.writability().firstAckNanos(p);
            if (ack >= 0) {
                double ms = Clock.millisBetween(killNanos, ack);
                all.add(ms);
                if (owned.contains(p)) {
                    ofVictim.add(ms);
                }
            }
        }
        Double rto = all.size() == settings.partitions() ? Collections.max(all) : null;
        Double fenced = timeline.since(killEpoch, timeline.fencedAt());
        Double requested = timeline.move().map(m -> timeline.since(killEpoch, m.requestedAt())).orElse(null);
        Double attached = timeline.move().map(m -> timeline.since(killEpoch, m.attachedAt())).orElse(null);
        Double recovered = timeline.move().map(m -> timeline.since(killEpoch, m.recoveredAt())).orElse(null);
        Double reassigned = timeline.reassignedNanos() < 0 ? null
                : Clock.millisBetween(killNanos, timeline.reassignedNanos());
        ResultLine line = new ResultLine("failover").put("kill", kill).put("victim", victim)
                .put("controller", controller ? "yes" : "no").put("victim_partitions", owned.size())
                .put("rto_ms", rto)
                .put("victim_median_ms", median(ofVictim))
                .put("others_max_ms", othersMax(load.writability(), owned, killNanos))
                .put("lease_left_ms", timeline.since(killEpoch, timeline.leaseExpiredAt()))
                .put("detection_ms", fenced)
                .put("fence_reason", timeline.fenceReason())
                .put("request_ms", difference(requested, fenced))
                .put("attach_ms", difference(attached, requested))
                .put("recovery_ms", difference(recovered, attached))
                .put("reassign_ms", difference(reassigned, recovered))
                .put("client_ms", difference(rto, reassigned))
                .put("wal_target", timeline.move().map(Catalog.WalMove::targetNode).orElse(null))
                .put("failed_records", load.failed());

        if (status.equals("ok")) {
            try {
                double healed = awaitHealed(catalog, victim, before.incarnation(), killNanos);
                line.put("healed_ms", healed);
            } catch (Deadline.Missed e) {
                status = "not-healed-within-" + settings.healLimit().toSeconds() + "s";
                Log.info("kill %d: %s; brokers %s; owners %s", kill, e.getMessage(), catalog.brokers(),
                        catalog.ownership());
            }
        }
        line.put("status", status).print();
        if (!status.equals("ok")) {
            return 1;
        }
        Thread.sleep(settings.settle().toMillis());
        return 0;
    }

    /** Waits for the victim's replacement (a newer incarnation) to serve and partitions to be balanced again. */
    private double awaitHealed(Catalog catalog, int victim, long incarnation, long killNanos) throws Exception {
        Deadline deadline = Deadline.in(settings.healLimit(), "replacement of node " + victim + " and balanced partitions");
        while (true) {
            List<Catalog.Broker> rows = catalog.brokers();
            watch.observe(rows);
            Optional<Catalog.Broker> row = rows.stream().filter(b -> b.nodeId() == victim).findFirst();
            if (row.isPresent() && row.get().incarnation() > incarnation && row.get().serving() && healthy(catalog)) {
                return Clock.millisBetween(killNanos, System.nanoTime());
            }
            deadline.pause(200);
        }
    }

    private void awaitHealthy(Catalog catalog, Deadline deadline) throws Exception {
        while (!healthy(catalog)) {
            deadline.pause(200);
        }
    }

    /** Every node serving, every partition owned by one of them and balanced. */
    private boolean healthy(Catalog catalog) throws Exception {
        Set<Integer> serving = catalog.brokers().stream().filter(Catalog.Broker::serving)
                .map(Catalog.Broker::nodeId).collect(Collectors.toSet());
        Set<Integer> expected = new HashSet<>();
        for (int n = 1; n <= settings.brokers(); n++) {
            expected.add(n);
        }
        return serving.equals(expected) && Balance.balanced(catalog.ownership(), serving);
    }

    private static Double othersMax(Writability writability, List<Integer> owned, long killNanos) {
        double max = -1;
        for (int p = 0; p < writability.partitions(); p++) {
            long ack = writability.firstAckNanos(p);
            if (!owned.contains(p) && ack >= 0) {
                max = Math.max(max, Clock.millisBetween(killNanos, ack));
            }
        }
        return max < 0 ? null : max;
    }

    private static String unwritable(Writability writability) {
        List<Integer> missing = new ArrayList<>();
        for (int p = 0; p < writability.partitions(); p++) {
            if (writability.firstAckNanos(p) < 0) {
                missing.add(p);
            }
        }
        return missing.toString();
    }

    static Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static Double difference(Double later, Double earlier) {
        return later == null || earlier == null ? null : later - earlier;
    }
}
