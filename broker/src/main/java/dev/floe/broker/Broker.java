package dev.floe.broker;

import dev.floe.broker.catalog.Catalog;
import dev.floe.broker.catalog.CatalogBrokers;
import dev.floe.broker.catalog.CatalogEvents;
import dev.floe.broker.catalog.CatalogStorage;
import dev.floe.broker.catalog.CatalogTables;
import dev.floe.broker.catalog.CatalogTopics;
import dev.floe.broker.catalog.MetadataCache;
import dev.floe.broker.config.BrokerConfig;
import dev.floe.broker.config.TopicConfigs;
import dev.floe.broker.controller.Controller;
import dev.floe.broker.controller.Membership;
import dev.floe.broker.controller.PartitionAssigner;
import dev.floe.broker.controller.Reassignments;
import dev.floe.broker.controller.TopicService;
import dev.floe.broker.group.GroupCoordinator;
import dev.floe.broker.log.Housekeeping;
import dev.floe.broker.log.LogManager;
import dev.floe.broker.log.MovedWalRecovery;
import dev.floe.broker.log.Uploader;
import dev.floe.broker.log.WalRecovery;
import dev.floe.broker.metrics.BrokerMetrics;
import dev.floe.broker.metrics.MetricsServer;
import dev.floe.broker.objectstore.BlockCache;
import dev.floe.broker.objectstore.ObjectStore;
import dev.floe.broker.protocol.ApiDispatcher;
import dev.floe.broker.protocol.ApiHandler;
import dev.floe.broker.protocol.KafkaServer;
import dev.floe.broker.protocol.handlers.Handlers;
import dev.floe.broker.traffic.TrafficCounters;
import dev.floe.broker.wal.WriteAheadLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Wires one broker together and runs its lifecycle: recover, serve, drain. */
public final class Broker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Broker.class);
    private final BrokerConfig config;
    private Catalog catalog;
    private ObjectStore store;
    private WriteAheadLog wal;
    private KafkaServer server;
    private Membership membership;
    private Controller controller;
    private Uploader uploader;
    private ThreadPoolExecutor workers;
    private ThreadPoolExecutor readers;
    private ThreadPoolExecutor prefetchers;
    private ScheduledExecutorService timers;
    private ScheduledExecutorService background;
    private ScheduledExecutorService uploadThread;
    private ScheduledExecutorService membershipThread;
    private ScheduledExecutorService leaseThread;
    private ScheduledExecutorService controllerThread;
    private ScheduledExecutorService movedWalThread;
    private ExecutorService handOverThread;
    private MovedWalRecovery movedWals;
    private CatalogEvents events;
    private BrokerMetrics metrics;
    private MetricsServer metricsServer;
    private int boundPort;

    public Broker(BrokerConfig config) {
        this.config = config;
    }

    /** Starts everything; returns the port the Kafka listener is bound to. */
    public int start() throws InterruptedException {
        catalog = new Catalog(config.catalogJdbcUrl(), config.catalogUser(), config.catalogPassword(), 16, config.leaseMs());
        catalog.migrate();
        CatalogTables tables = CatalogTables.of(catalog, config.walVolumeId(), config.launchId());
        CatalogBrokers brokers = tables.brokers();
        CatalogTopics topics = tables.topics();
        CatalogStorage storage = tables.storage();
        MetadataCache metadata = new MetadataCache(catalog, brokers, topics);
        metrics = new BrokerMetrics(config.nodeId());

        store = new ObjectStore(config.s3Endpoint(), config.s3Region(), config.s3Bucket(), config.s3AccessKey(), config.s3SecretKey());
        store.ensureBucket();
        wal = WriteAheadLog.open(config.walDir(), config.nodeId(), config.walSizeBytes(), config.unuploadedMaxBytes());
        wal.onFsync(metrics.watchWal(wal::untrimmedBytes));
        // Nothing is served until every acknowledged record found in the WAL is in the bucket.
        ScheduledExecutorService recoveryLease = Executors.newSingleThreadScheduledExecutor(threads("recovery-lease"));
        try {
            WalRecovery.recover(wal, store, storage, topics, config.nodeId(), () -> {
                // One incarnation for the whole replay, kept alive by a timer however long an upload takes.
                if (brokers.incarnation() < 0) {
                    brokers.register(config.nodeId(), config.advertisedHost(), config.advertisedPort(), config.zone(),
                            config.leaseMs(), "RECOVERING");
                    long period = Math.max(200, Math.min(1000, config.leaseMs() / 5));
                    recoveryLease.scheduleWithFixedDelay(() -> renewWhileRecovering(brokers), period, period, TimeUnit.MILLISECONDS);
                }
            });
        } finally {
            recoveryLease.shutdownNow();
        }

        workers = pool("request", 16, 100_000);
        readers = pool("read", 8, 10_000);
        prefetchers = pool("prefetch", 4, 1_000);
        timers = Executors.newScheduledThreadPool(2, threads("timer"));
        background = Executors.newSingleThreadScheduledExecutor(threads("housekeeping"));
        uploadThread = Executors.newSingleThreadScheduledExecutor(threads("upload"));
        membershipThread = Executors.newSingleThreadScheduledExecutor(threads("membership"));
        leaseThread = Executors.newSingleThreadScheduledExecutor(threads("lease"));
        controllerThread = Executors.newSingleThreadScheduledExecutor(threads("controller"));
        movedWalThread = Executors.newSingleThreadScheduledExecutor(threads("moved-wal"));
        handOverThread = Executors.newSingleThreadExecutor(threads("hand-over"));

        BlockCache blocks = new BlockCache(store, config.blockSizeBytes(), config.blockCacheBytes(), prefetchers);
        LogManager logs = new LogManager(wal, storage, blocks, readers, config.cacheBytes());
        uploader = new Uploader(logs, wal, store, storage, config.nodeId(), config.uploadBytes(), config.uploadIntervalMs(),
                config.uploadMaxObjectBytes(), uploadThread);
        GroupCoordinator groups = new GroupCoordinator(config.coordinatorSlots(), tables.offsets(), timers,
                config.groupInitialRebalanceDelayMs());
        TopicConfigs topicConfigs = new TopicConfigs(config);

        TrafficCounters traffic = new TrafficCounters();
        Membership[] membershipRef = new Membership[1];
        TopicService topicService = new TopicService(topics, tables.offsets(), metadata, () -> membershipRef[0].sync());
        ApiDispatcher[] dispatcherRef = new ApiDispatcher[1];
        List<ApiHandler<?>> handlers = Handlers.all(new Handlers.Deps(config, metadata, logs, groups, topicService, topicConfigs,
                storage, workers, timers, () -> dispatcherRef[0], traffic,
                new Reassignments(metadata, tables.moves(), metrics, config.nodeId())));
        dispatcherRef[0] = new ApiDispatcher(handlers);

        server = new KafkaServer(dispatcherRef[0], workers);
        boundPort = server.start(config.listenerHost(), config.listenerPort());
        int advertisedPort = config.advertisedPort() == 0 ? boundPort : config.advertisedPort();
        Membership.Identity identity = new Membership.Identity(config.nodeId(), config.advertisedHost(), advertisedPort,
                config.zone(), config.leaseMs(), config.walVolumeId() != null);
        membership = new Membership(identity, tables, metadata, logs, uploader, groups, membershipThread, leaseThread,
                handOverThread, traffic, metrics);
        membershipRef[0] = membership;
        membership.start();
        uploader.start();
        groups.start();
        Housekeeping housekeeping = new Housekeeping(logs, storage, store, topicConfigs, metadata, config);
        movedWals = new MovedWalRecovery(tables.walMoves(), store, storage, topics, config.nodeId(),
                failed -> PartitionAssigner.successors(metadata.current(), failed), movedWalThread);
        movedWals.start(tables.events());
        controller = new Controller(catalog, tables, config.nodeId(), config.clusterId(), config.coordinatorSlots(),
                config.balance(), metrics, controllerThread);
        controller.start();
        events = tables.events();
        events.start();
        Controller activeController = controller;
        metrics.watch(() -> logs.all().size(), activeController::isActive, traffic::bytesIn, traffic::bytesOut);
        startMetricsServer();
        Controller active = controller;
        background.scheduleWithFixedDelay(() -> {
            housekeeping.ownedPartitions();
            if (active.isActive()) {
                housekeeping.collectGarbage(); // one broker sweeps the bucket for the whole cluster
            }
        }, config.retentionCheckIntervalMs(), config.retentionCheckIntervalMs(), TimeUnit.MILLISECONDS);
        log.info("broker {} of cluster {} serving on {}:{}", config.nodeId(), config.clusterId(), config.listenerHost(), boundPort);
        return boundPort;
    }

    private void startMetricsServer() {
        if (config.metricsListener() == null) {
            return;
        }
        String listener = config.metricsListener();
        int colon = listener.lastIndexOf(':');
        try {
            metricsServer = new MetricsServer(listener.substring(0, colon), Integer.parseInt(listener.substring(colon + 1)), metrics);
            log.info("metrics on http://{}:{}/metrics", listener.substring(0, colon), metricsServer.port());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot listen for metrics on " + listener + ": " + e.getMessage(), e);
        }
    }

    private void renewWhileRecovering(CatalogBrokers brokers) {
        try {
            if (!brokers.renew(config.nodeId(), config.leaseMs())) {
                // Fenced while replaying: the WAL may already be in another broker's hands.
                log.error("fenced while recovering the WAL: stopping");
                Runtime.getRuntime().halt(Membership.FENCED_EXIT_CODE);
            }
        } catch (RuntimeException e) {
            log.warn("lease renewal during recovery failed", e);
        }
    }

    public String advertisedAddress() {
        return config.advertisedHost() + ":" + (config.advertisedPort() == 0 ? boundPort : config.advertisedPort());
    }

    /** Graceful stop: hand every partition over (uploading the WAL first), then stop serving. */
    @Override
    public void close() {
        try {
            if (membership != null) {
                membershipThread.shutdownNow();
                membershipThread.awaitTermination(5, TimeUnit.SECONDS);
                membership.drain();
            }
        } catch (Throwable e) {
            log.error("draining failed; the WAL keeps what was not uploaded", e);
        }
        if (events != null) {
            events.close();
        }
        if (metricsServer != null) {
            metricsServer.close();
        }
        if (controller != null) {
            controllerThread.shutdownNow();
            controller.close();
        }
        if (server != null) {
            server.close();
        }
        // The lease was renewed through the drain (its uploads commit under it); it may lapse now.
        for (var e : new ExecutorService[]{leaseThread, handOverThread, movedWalThread, uploadThread, background, timers, workers, readers, prefetchers}) {
            if (e != null) {
                e.shutdownNow();
            }
        }
        if (wal != null) {
            wal.close();
        }
        if (store != null) {
            store.close();
        }
        if (catalog != null) {
            catalog.close();
        }
    }

    private static ThreadPoolExecutor pool(String name, int threads, int queue) {
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), threads(name));
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
