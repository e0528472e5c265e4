package dev.floe.broker.catalog;

import dev.floe.broker.it.SharedInfrastructure;
import org.apache.kafka.common.TopicIdPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fencing of lapsed incarnations and the wal_moves state machine, against a real PostgreSQL. */
class CatalogFailoverIT {
    private Catalog catalog;
    private CatalogStorage storage;
    private CatalogWalMoves moves;
    private TopicIdPartition tp;

    @BeforeEach
    void setUp() {
        SharedInfrastructure infra = SharedInfrastructure.get();
        String db = "failover" + UUID.randomUUID().toString().substring(0, 8);
        infra.postgres.createDatabaseIfMissing(db);
        catalog = new Catalog(infra.postgres.jdbcUrl(db), "postgres", "", 2, 60_000);
        catalog.migrate();
        storage = new CatalogStorage(catalog);
        moves = new CatalogWalMoves(catalog);
        TopicInfo t = new CatalogTopics(catalog).create("orders", 1, Map.of(), false, List.of(1));
        tp = new TopicIdPartition(t.id(), 0, "orders");
    }

    @AfterEach
    void tearDown() {
        catalog.close();
    }

    private PartitionCommit commit(int owner) {
        return new PartitionCommit(tp, owner, 1, 0, 10, 0, 10, 0, Map.of());
    }

    private BrokerInfo broker(int node) {
        return new CatalogBrokers(catalog).list().stream().filter(b -> b.nodeId() == node).findFirst().orElseThrow();
    }

    @Test
    void aLiveLeaseCannotBeFenced() {
        CatalogBrokers b1 = new CatalogBrokers(catalog, "vol-1", null);
        b1.register(1, "h", 1, "z", 60_000, "UP");
        assertThat(moves.fence(1, b1.incarnation())).isFalse();
        assertThat(b1.renew(1, 60_000)).isTrue();
    }

    @Test
    void aFencedIncarnationCanNeitherRenewNorCommitEvenOnceItsLeaseWouldBeValidAgain() {
        CatalogBrokers b1 = new CatalogBrokers(catalog, "vol-1", null);
        b1.register(1, "h", 1, "z", -1000, "UP"); // lease already lapsed: a paused process
        assertThat(moves.fence(1, b1.incarnation())).isTrue();
        assertThat(broker(1).fenced()).isTrue();

        assertThat(b1.renew(1, 60_000)).isFalse();
        assertThatThrownBy(() -> storage.commitUpload("late", 10, 1, List.of(commit(1))))
                .isInstanceOf(CatalogException.class).hasMessageContaining("no lease");
        assertThat(storage.rangesFrom(tp.topicId(), 0, 0, 10)).isEmpty();
    }

    @Test
    void aNewProcessOfTheNodeIsAFreshIncarnationAndTheOldOneStaysFenced() {
        CatalogBrokers old = new CatalogBrokers(catalog, "vol-1", null);
        old.register(1, "h", 1, "z", -1000, "UP");
        moves.fence(1, old.incarnation());
        CatalogBrokers fresh = new CatalogBrokers(catalog, "vol-1", null);
        fresh.register(1, "h", 1, "z", 60_000, "UP");
        assertThat(fresh.incarnation()).isGreaterThan(old.incarnation());
        assertThat(fresh.renew(1, 60_000)).isTrue();
        assertThat(old.renew(1, 60_000)).isFalse();
    }

    @Test
    void aMoveGoesRequestedAttachedRecoveredAndOnlyThenIsTheFailedWalClean() throws Exception {
        long incarnation = fencedNode1BesideNode2();

        assertThat(moves.request(1, incarnation, "vol-1", 2)).isTrue();
        assertThat(moves.request(1, incarnation, "vol-1", 2)).as("one move in flight per node").isFalse();
        WalMove requested = moves.open().get(0);
        assertThat(requested.state()).isEqualTo(WalMove.REQUESTED);
        assertThat(moves.openTo(2)).extracting(WalMove::state)
                .as("coming, not attached yet, so its successors can be chosen").containsExactly(WalMove.REQUESTED);
        assertThat(moves.openTo(3)).isEmpty();
        assertThat(moves.markRecovered(requested, 2, "too early", List.of())).as("not attached yet").isNull();

        attach(requested.moveId(), "/volumes/vol-1");
        WalMove attached = moves.openTo(2).get(0);
        assertThat(moves.openTo(2)).containsExactly(attached);
        assertThat(attached.state()).isEqualTo(WalMove.ATTACHED);
        assertThat(attached.attachedPath()).isEqualTo("/volumes/vol-1");
        assertThat(moves.markRecovered(attached, 3, "wrong target", List.of())).isNull();
        assertThat(broker(1).walClean()).isFalse();

        assertThat(moves.markRecovered(attached, 2, "done", List.of())).isEmpty();
        assertThat(broker(1).walClean()).isTrue();
        assertThat(moves.open()).isEmpty();
        assertThat(moves.openTo(2)).isEmpty();
        assertThat(moves.request(1, incarnation, "vol-1", 2)).as("a recovered WAL is not moved again").isFalse();
    }

    @Test
    void theFailedBrokersPartitionsGoToTheirSuccessorsInTheTransactionThatMarksItsWalRecovered() throws Exception {
        WalMove attached = node1sWalAttachedToNode2();
        PartitionInfo before = new CatalogTopics(catalog).partition(tp.topicId(), 0);
        CatalogTopics.Assignment successor = new CatalogTopics.Assignment(tp.topicId(), 0, before.epoch(), 2);
        CatalogTopics.Assignment stale = new CatalogTopics.Assignment(tp.topicId(), 0, before.epoch() - 1, 3);

        assertThat(moves.markRecovered(attached, 2, "done", List.of(stale, successor))).containsExactly(successor);

        PartitionInfo after = new CatalogTopics(catalog).partition(tp.topicId(), 0);
        assertThat(after.owner()).isEqualTo(2);
        assertThat(after.epoch()).as("the new owner's epoch fences anything of the old one").isEqualTo(before.epoch() + 1);
        assertThat(broker(1).walClean()).isTrue();
    }

    @Test
    void aMoveThatIsNoLongerTheTargetsReassignsNothing() throws Exception {
        WalMove attached = node1sWalAttachedToNode2();
        moves.retarget(attached.moveId(), 3);
        PartitionInfo before = new CatalogTopics(catalog).partition(tp.topicId(), 0);

        assertThat(moves.markRecovered(attached, 2, "late", List.of(
                new CatalogTopics.Assignment(tp.topicId(), 0, before.epoch(), 2)))).isNull();

        assertThat(new CatalogTopics(catalog).partition(tp.topicId(), 0)).isEqualTo(before);
        assertThat(broker(1).walClean()).isFalse();
    }

    @Test
    void aBrokerThatIsNotFencedIsNeverMoved() {
        CatalogBrokers b1 = new CatalogBrokers(catalog, "vol-1", null);
        b1.register(1, "h", 1, "z", -1000, "UP"); // lapsed, but the controller has not fenced it (or it renewed)
        assertThat(moves.request(1, b1.incarnation(), "vol-1", 2)).isFalse();
        assertThat(moves.open()).isEmpty();
    }

    @Test
    void retargetingSendsTheMoveBackToRequestedForTheNewTarget() throws Exception {
        CatalogBrokers b1 = new CatalogBrokers(catalog, "vol-1", null);
        b1.register(1, "h", 1, "z", -1000, "UP");
        moves.fence(1, b1.incarnation());
        assertThat(moves.request(1, b1.incarnation(), "vol-1", 2)).isTrue();
        long id = moves.open().get(0).moveId();
        attach(id, "/volumes/vol-1");
        assertThat(moves.retarget(id, 3)).isTrue();
        WalMove m = moves.open().get(0);
        assertThat(m.targetNode()).isEqualTo(3);
        assertThat(m.state()).isEqualTo(WalMove.REQUESTED);
        assertThat(m.attachedPath()).isNull();
    }

    /** Node 1 crashed (its lease lapsed and it was fenced) while node 2 serves; returns node 1's incarnation. */
    private long fencedNode1BesideNode2() {
        CatalogBrokers b1 = new CatalogBrokers(catalog, "vol-1", null);
        b1.register(1, "h", 1, "z", -1000, "UP");
        new CatalogBrokers(catalog, "vol-2", null).register(2, "h", 2, "z", 60_000, "UP");
        moves.fence(1, b1.incarnation());
        return b1.incarnation();
    }

    /** The whole way to the recovering broker: node 1 fenced, its WAL volume requested for node 2 and attached there. */
    private WalMove node1sWalAttachedToNode2() {
        moves.request(1, fencedNode1BesideNode2(), "vol-1", 2);
        attach(moves.open().get(0).moveId(), "/volumes/vol-1");
        WalMove attached = moves.openTo(2).get(0);
        assertThat(attached.state()).isEqualTo(WalMove.ATTACHED);
        return attached;
    }

    /** What the agent does once its provider moved the volume. */
    private void attach(long moveId, String path) {
        catalog.inTransaction(c -> {
            try (var ps = c.prepareStatement(
                    "update wal_moves set state = 'ATTACHED', attached_path = ?, attached_at = now() where move_id = ?")) {
                ps.setString(1, path);
                ps.setLong(2, moveId);
                ps.executeUpdate();
            }
            return null;
        });
    }
}
