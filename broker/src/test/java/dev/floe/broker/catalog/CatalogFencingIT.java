package dev.floe.broker.catalog;

import dev.floe.broker.it.SharedInfrastructure;
import org.apache.kafka.common.TopicIdPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The catalog's commit guards, against a real PostgreSQL: epochs and leases fence stale brokers. */
class CatalogFencingIT {
    private static final long IDLE_IN_TRANSACTION_MS = 1000;
    private Catalog catalog;
    private CatalogTopics topics;
    private CatalogStorage storage;
    private CatalogBrokers brokers;
    private TopicIdPartition tp;

    @BeforeEach
    void setUp() {
        SharedInfrastructure infra = SharedInfrastructure.get();
        String db = "fencing" + UUID.randomUUID().toString().substring(0, 8);
        infra.postgres.createDatabaseIfMissing(db);
        catalog = new Catalog(infra.postgres.jdbcUrl(db), "postgres", "", 2, IDLE_IN_TRANSACTION_MS);
        catalog.migrate();
        topics = new CatalogTopics(catalog);
        storage = new CatalogStorage(catalog);
        brokers = new CatalogBrokers(catalog);
        brokers.register(1, "h", 1, "z", 60_000, "UP");
        brokers.register(2, "h", 2, "z", 60_000, "UP");
        TopicInfo t = topics.create("orders", 1, Map.of(), false, List.of(1));
        tp = new TopicIdPartition(t.id(), 0, "orders");
    }

    @AfterEach
    void tearDown() {
        catalog.close();
    }

    private PartitionCommit commit(int node, int epoch, long from, long to) {
        return new PartitionCommit(tp, node, epoch, from, to, 0, 10, 0, Map.of(7L, new PartitionCommit.ProducerRow((short) 0, "0:9:" + from + ":" + (to - 1))));
    }

    @Test
    void theOwnerCommitsAtItsEpochAndTheEndOffsetAdvances() {
        storage.commitUpload("obj-1", 10, 1, List.of(commit(1, 1, 0, 10)));
        assertThat(topics.partition(tp.topicId(), 0).uploadedEndOffset()).isEqualTo(10);
        assertThat(storage.rangesFrom(tp.topicId(), 0, 0, 10)).hasSize(1);
        assertThat(storage.producerStates(tp.topicId(), 0)).containsKey(7L);
    }

    @Test
    void aBrokerWhoseEpochMovedOnIsFencedAndNothingOfItsCommitRemains() {
        assertThat(topics.assign(tp.topicId(), 0, 1, 2)).isTrue(); // partition moves to node 2 at epoch 2
        assertThatThrownBy(() -> storage.commitUpload("obj-late", 10, 1, List.of(commit(1, 1, 0, 10))))
                .isInstanceOf(FencedException.class);
        assertThat(storage.knownObjects(List.of("obj-late"))).isEmpty();
        assertThat(storage.rangesFrom(tp.topicId(), 0, 0, 10)).isEmpty();
        storage.commitUpload("obj-new", 10, 2, List.of(commit(2, 2, 0, 10)));
        assertThat(topics.partition(tp.topicId(), 0).uploadedEndOffset()).isEqualTo(10);
    }

    @Test
    void aBrokerWithoutALeaseCannotCommit() {
        brokers.register(1, "h", 1, "z", -1000, "UP"); // lease already lapsed
        assertThatThrownBy(() -> storage.commitUpload("obj-1", 10, 1, List.of(commit(1, 1, 0, 10))))
                .hasMessageContaining("lease");
        assertThat(topics.partition(tp.topicId(), 0).uploadedEndOffset()).isZero();
    }

    @Test
    void aCommitThatDoesNotContinueTheLogIsRejected() {
        storage.commitUpload("obj-1", 10, 1, List.of(commit(1, 1, 0, 10)));
        assertThatThrownBy(() -> storage.commitUpload("obj-2", 10, 1, List.of(commit(1, 1, 0, 10))))
                .isInstanceOf(FencedException.class);
        assertThat(storage.rangesFrom(tp.topicId(), 0, 0, 10)).hasSize(1);
    }

    /** A broker process paused (SIGSTOP) between its lease renewal and the commit holds its row lock until PostgreSQL ends it. */
    @Test
    void aBrokerPausedInsideATransactionDoesNotBlockItsFencing() throws Exception {
        brokers.register(1, "h", 1, "z", -1000, "UP"); // its lease lapsed
        long incarnation = brokers.incarnation();
        CountDownLatch renewing = new CountDownLatch(1);
        CountDownLatch fenced = new CountDownLatch(1);
        CompletableFuture<Void> pausedRenewal = CompletableFuture.runAsync(() -> catalog.inTransaction(c -> {
            try (var ps = c.prepareStatement("update brokers set lease_expires_at = now() + interval '1 minute' where node_id = 1")) {
                ps.executeUpdate();
            }
            renewing.countDown();
            awaitQuietly(fenced); // the "paused" process idles with the row locked
            return null;
        }));
        assertThat(renewing.await(30, TimeUnit.SECONDS)).isTrue();

        boolean fencedNow = CompletableFuture.supplyAsync(() -> new CatalogWalMoves(catalog).fence(1, incarnation)).get(30, TimeUnit.SECONDS);
        fenced.countDown();

        assertThat(fencedNow).as("the lapsed lease is fenced once the idle transaction is ended").isTrue();
        assertThatThrownBy(() -> pausedRenewal.get(30, TimeUnit.SECONDS))
                .as("the paused renewal cannot commit when it wakes up")
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(CatalogException.class);
        assertThat(brokers.list()).filteredOn(b -> b.nodeId() == 1).extracting(BrokerInfo::state).containsExactly("FENCED");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
