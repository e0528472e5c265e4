package dev.floe.bench.elastic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.bench.Args;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;

/**
 * Scale-out through the control plane: {@code POST /api/v1/clusters/{id}/scale} with more brokers, then the time
 * until the cluster is balanced (every broker serving and owning its fair share of partitions, from the catalog's
 * {@code partitions.owner_node}, and clients' Metadata naming those owners as the benchmark topic's leaders), with
 * the new brokers' process start-up reported apart. Each repetition scales back
 * in afterwards (timed too, reported as scale-in). A light idempotent load runs all along.
 */
final class ScaleRun {

    record Settings(String apiUrl, String clientId, Path clientSecretFile, String cluster, String catalogUrl,
                    Path stateDir, String bootstrap, String topic, int partitions, int from, int to, int repeats,
                    int rate, int recordSize, Duration limit, Duration settle) {
        static Settings from(Args args) {
            Settings s = new Settings(args.string("api-url", null), args.string("client-id", null),
                    Path.of(args.string("client-secret-file", null)), args.string("cluster", null),
                    args.string("catalog-url", null), Path.of(args.string("state-dir", null)),
                    args.string("bootstrap", null), args.string("topic", "bench-scale"),
                    (int) args.number("partitions", 48), (int) args.number("from", 3), (int) args.number("to", 6),
                    (int) args.number("repeats", 3), (int) args.number("rate", 200),
                    (int) args.number("record-size", 1024), Duration.ofSeconds(args.number("limit", 600)),
                    Duration.ofSeconds(args.number("settle-seconds", 10)));
            if (s.from < 1 || s.to <= s.from || s.to > 100 || s.repeats < 1 || s.repeats > 20) {
                throw new IllegalArgumentException("need 1 <= --from < --to <= 100 and 1 <= --repeats <= 20");
            }
            return s;
        }
    }

    private final Settings settings;
    private final BrokerWatch watch = new BrokerWatch();

    ScaleRun(Settings settings) {
        this.settings = settings;
    }

    /** Returns the number of scale operations that did not end balanced in time (0 = all fine). */
    int run() throws Exception {
        ControlPlaneApi api = new ControlPlaneApi(settings.apiUrl(), settings.clientId(),
                Files.readString(settings.clientSecretFile()).trim());
        api.authenticate();
        LocalBrokers local = new LocalBrokers(settings.stateDir(), settings.cluster());
        try (Catalog catalog = new Catalog(settings.catalogUrl(), "postgres", "");
             Admin admin = TopicAdmin.connect(settings.bootstrap())) {
            TopicAdmin.ensure(admin, settings.topic(), settings.partitions());
            Duration total = settings.limit().plus(settings.settle()).multipliedBy(2L * settings.repeats()).plusMinutes(5);
            SteadyLoad load = new SteadyLoad(new SteadyLoad.Settings(settings.bootstrap(), settings.topic(),
                    settings.partitions(), 1, settings.rate(), settings.recordSize(),
                    (long) settings.rate() * total.toSeconds(), total)).start();
            int failures = 0;
            try {
                awaitBalanced(catalog, settings.from(), Deadline.in(settings.limit(), "a balanced cluster of "
                        + settings.from() + " brokers before the first scale-out"));
                for (int rep = 1; rep <= settings.repeats() && failures == 0; rep++) {
                    failures += scale(rep, settings.to(), api, local, catalog, admin, load);
                    if (failures == 0) {
                        failures += scale(rep, settings.from(), api, local, catalog, admin, load);
                    }
                }
            } finally {
                load.close();
                new ResultLine("scale-load").put("sent", load.sent()).put("acknowledged", load.acknowledged())
                        .put("failed", load.failed()).put("last_error", load.lastError()).print();
            }
            return failures;
        }
    }

    private int scale(int rep, int brokers, ControlPlaneApi api, LocalBrokers local, Catalog catalog, Admin admin,
            SteadyLoad load) throws Exception {
        boolean out = brokers > serving(catalog).size();
        String direction = out ? "out" : "in";
        int before = serving(catalog).size();
        List<BrokerStartup> startups = new ArrayList<>();
        Log.info("rep %d: scale %s %d -> %d brokers", rep, direction, before, brokers);

        List<Catalog.Broker> rows = catalog.brokers();
        long callNanos = System.nanoTime();
        double callEpoch = Clock.epochMillis(callNanos);
        watch.reset("rep " + rep + " scale-" + direction, callNanos, rows);
        for (int node = before + 1; node <= brokers; node++) {
            startups.add(new BrokerStartup(node, callEpoch));
        }
        JsonNode accepted = api.post("/api/v1/clusters/" + settings.cluster() + "/scale", Map.of("brokerCount", brokers));
        String operation = accepted.at("/operation/id").asText();
        Deadline deadline = Deadline.in(settings.limit(), "a balanced cluster of " + brokers + " brokers (rep " + rep
                + ", scale-" + direction + ")");
        String status = "ok";
        long catalogBalancedNanos = -1;
        long balancedNanos = -1;
        try {
            while (true) {
                List<Catalog.Broker> brokersNow = catalog.brokers();
                watch.observe(brokersNow);
                for (BrokerStartup startup : startups) {
                    startup.poll(local, brokersNow.stream().filter(b -> b.nodeId() == startup.node()).findFirst()
                            .orElse(null));
                }
                if (catalogBalancedNanos < 0 && startups.stream().allMatch(BrokerStartup::up)
                        && balanced(catalog, brokers)) {
                    catalogBalancedNanos = System.nanoTime();
                }
                // Balanced for clients too: Metadata names the catalog's owner as every partition's leader.
                if (catalogBalancedNanos >= 0 && balanced(catalog, brokers)
                        && TopicAdmin.leaderByPartition(admin, settings.topic()).equals(catalog.owners(settings.topic()))) {
                    balancedNanos = System.nanoTime();
                    break;
                }
                deadline.pause(100);
            }
        } catch (Deadline.Missed e) {
            status = "not-balanced-within-" + settings.limit().toSeconds() + "s";
            Log.info("rep %d: %s; brokers %s; owners %s", rep, e.getMessage(), catalog.brokers(), catalog.ownership());
        }
        Map<Integer, Integer> owners = Balance.counts(catalog.ownership().partitionsByOwner(), serving(catalog));
        Map<Integer, Integer> leaders = TopicAdmin.leaders(admin, settings.topic());
        Double operationMs = awaitOperation(api, operation, callNanos);

        double lastUp = startups.stream().map(BrokerStartup::upMs).filter(v -> v != null)
                .mapToDouble(Double::doubleValue).max().orElse(callEpoch);
        ResultLine line = new ResultLine("scale").put("direction", direction).put("rep", rep).put("from", before)
                .put("to", brokers)
                .put("total_ms", balancedNanos < 0 ? null : Clock.millisBetween(callNanos, balancedNanos))
                .put("catalog_balanced_ms", catalogBalancedNanos < 0 ? null
                        : Clock.millisBetween(callNanos, catalogBalancedNanos))
                .put("operation_ms", operationMs);
        if (out) {
            line.put("first_launch_ms", min(startups.stream().map(BrokerStartup::launchedMs).toList(), callEpoch))
                    .put("startup_lease_ms", maxDelta(startups, BrokerStartup::registeredMs))
                    .put("startup_accept_ms", maxDelta(startups, BrokerStartup::acceptingMs))
                    .put("all_up_ms", lastUp - callEpoch)
                    .put("rebalance_ms", balancedNanos < 0 ? null : Clock.epochMillis(balancedNanos) - lastUp);
        }
        line.put("owners", Balance.describe(owners)).put("topic_leaders", Balance.describe(new TreeMap<>(leaders)))
                .put("failed_records", load.failed()).put("status", status).print();
        if (!status.equals("ok")) {
            return 1;
        }
        Thread.sleep(settings.settle().toMillis());
        return 0;
    }

    /** Milliseconds from the call until the operation SUCCEEDED (polled), or null if it did not within the limit. */
    private Double awaitOperation(ControlPlaneApi api, String operation, long callNanos) throws Exception {
        Deadline deadline = Deadline.in(settings.limit(), "operation " + operation);
        try {
            while (true) {
                JsonNode op = api.get("/api/v1/operations/" + operation);
                String state = op.path("state").asText();
                if (state.equals("SUCCEEDED")) {
                    return Clock.millisBetween(callNanos, System.nanoTime());
                }
                if (!state.equals("PENDING") && !state.equals("RUNNING")) {
                    Log.info("operation %s ended %s: %s", operation, state, op.path("error"));
                    return null;
                }
                deadline.pause(250);
            }
        } catch (Deadline.Missed e) {
            Log.info("%s", e.getMessage());
            return null;
        }
    }

    private void awaitBalanced(Catalog catalog, int brokers, Deadline deadline) throws Exception {
        while (!balanced(catalog, brokers)) {
            deadline.pause(200);
        }
    }

    /** Exactly nodes 1..brokers serve, and partitions are balanced over them. */
    private static boolean balanced(Catalog catalog, int brokers) throws Exception {
        Set<Integer> serving = serving(catalog);
        Set<Integer> expected = new TreeSet<>();
        for (int n = 1; n <= brokers; n++) {
            expected.add(n);
        }
        return serving.equals(expected) && Balance.balanced(catalog.ownership(), serving);
    }

    private static Set<Integer> serving(Catalog catalog) throws Exception {
        return catalog.brokers().stream().filter(Catalog.Broker::serving).map(Catalog.Broker::nodeId)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Double maxDelta(List<BrokerStartup> startups, Function<BrokerStartup, Double> at) {
        double max = -1;
        for (BrokerStartup s : startups) {
            if (s.launchedMs() != null && at.apply(s) != null) {
                max = Math.max(max, at.apply(s) - s.launchedMs());
            }
        }
        return max < 0 ? null : max;
    }

    private static Double min(List<Double> values, double origin) {
        return values.stream().filter(v -> v != null).mapToDouble(v -> v - origin).min().stream().boxed().findFirst()
                .orElse(null);
    }
}
