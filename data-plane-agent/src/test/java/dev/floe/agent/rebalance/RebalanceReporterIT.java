package dev.floe.agent.rebalance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.agent.controlplane.AgentCredentials;
import dev.floe.agent.controlplane.AgentRegistration;
import dev.floe.agent.controlplane.ControlPlaneClient;
import dev.floe.agent.controlplane.CredentialStore;
import dev.floe.agent.controlplane.StepEvent;
import dev.floe.agent.support.CatalogDatabase;
import dev.floe.agent.support.FakeControlPlane;
import dev.floe.agent.support.FakeControlPlane.ReportedOperation;
import dev.floe.agent.state.StateDirectory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The brokers' balancing decisions, as rows in a real catalog migrated with the broker's schema, reported to a control
 * plane speaking the agent channel: one REBALANCE operation per rebalance with its steps timed from the catalog, a
 * trickle for a burst, and nothing twice after an agent restart.
 */
class RebalanceReporterIT {

    private static final String CLUSTER = "4ea1b40c-0000-4000-8000-0000000000b1";

    @TempDir
    static Path dir;
    private static CatalogDatabase db;
    private FakeControlPlane controlPlane;
    private ControlPlaneClient client;

    @BeforeAll
    static void startCatalog() {
        db = CatalogDatabase.start(dir.resolve("pg"));
    }

    @AfterAll
    static void stopCatalog() {
        db.close();
    }

    @BeforeEach
    void start(@TempDir Path state) throws Exception {
        db.sql("delete from partition_moves");
        db.sql("delete from rebalances");
        controlPlane = new FakeControlPlane();
        StateDirectory states = new StateDirectory(state);
        AgentCredentials credentials = new AgentRegistration(controlPlane.url(), new CredentialStore(states),
                StateDirectory.mapper(), Duration.ofSeconds(5)).credentials(Optional.of("flb_valid"), "0.1.0", "h");
        client = new ControlPlaneClient(controlPlane.url(), credentials, StateDirectory.mapper(), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        controlPlane.close();
    }

    @Test
    void aRebalanceIsOneOperationWhosePlanAndMovesAreTimedFromTheCatalog() throws Exception {
        RebalanceReporter reporter = new RebalanceReporter(new RebalanceProgress(), 10);
        long id = rebalance("BYTES", "node 2 takes 71% of bytes in", "RUNNING", "now() - interval '2 seconds'");
        move(id, "orders", 3, 2, 4, "DONE", "180 milliseconds", null);
        move(id, "orders", 7, 2, 3, "REQUESTED", null, null);

        reporter.report(client, CLUSTER, db.connection());

        ReportedOperation operation = controlPlane.reportedOperations().get(0);
        assertThat(operation.type()).isEqualTo("REBALANCE");
        assertThat(operation.key()).isEqualTo(CLUSTER + "/rebalance/" + id);
        assertThat(operation.clusterId()).isEqualTo(CLUSTER);
        assertThat(operation.summary()).isEqualTo("BYTES rebalance planned by node 1: node 2 takes 71% of bytes in "
                + "(2 partition moves)");
        assertThat(Instant.parse(operation.startedAt())).isEqualTo(plannedAt(id));
        assertThat(steps(operation)).containsExactly("plan:RUNNING", "plan:SUCCEEDED",
                "movePartitions:RUNNING:1 of 2 moved");

        db.sql("update partition_moves set state = 'CANCELLED', completed_at = now(), "
                + "message = 'target node 3 stopped serving' where state = 'REQUESTED'");
        db.sql("update rebalances set state = 'SUCCEEDED', completed_at = now() where rebalance_id = " + id);
        reporter.report(client, CLUSTER, db.connection());

        assertThat(steps(operation)).containsExactly("plan:RUNNING", "plan:SUCCEEDED",
                "movePartitions:RUNNING:1 of 2 moved", "movePartitions:SUCCEEDED");
        StepEvent done = controlPlane.events(operation.id()).get(3);
        assertThat(done.message()).matches("1 of 2 moved in \\d+ ms: orders-3 2→4 \\(180 ms\\); 1 cancelled: "
                + "orders-7 2→3 \\(target node 3 stopped serving\\)");
        assertThat(controlPlane.reportedOperations()).extracting(ReportedOperation::state).containsExactly("SUCCEEDED");
    }

    @Test
    void aRestartedAgentFindsTheSameOperationAndSendsNothingMoreForAFinishedOne() throws Exception {
        long id = rebalance("COUNT", "partition counts 6/6/0", "SUCCEEDED", "now() - interval '3 seconds'");
        db.sql("update rebalances set completed_at = now() where rebalance_id = " + id);
        move(id, "orders", 1, 1, 3, "DONE", "90 milliseconds", null);
        new RebalanceReporter(new RebalanceProgress(), 10).report(client, CLUSTER, db.connection());
        String operationId = controlPlane.reportedOperations().get(0).id();
        int events = controlPlane.events(operationId).size();

        new RebalanceReporter(new RebalanceProgress(), 10).report(client, CLUSTER, db.connection());

        assertThat(controlPlane.reportedOperations()).hasSize(1);
        assertThat(controlPlane.operationReports()).isEqualTo(2);
        assertThat(controlPlane.events(operationId)).hasSize(events);
    }

    @Test
    void aBurstReachesTheControlPlaneAFewRebalancesPerRoundAndFinishedOnesAreNotReportedAgain() throws Exception {
        for (int i = 0; i < 25; i++) {
            long id = rebalance("DRAIN", "node 3 drains", "SUCCEEDED", "now() - interval '5 seconds'");
            db.sql("update rebalances set completed_at = now() where rebalance_id = " + id);
        }
        RebalanceReporter reporter = new RebalanceReporter(new RebalanceProgress(), 10);

        reporter.report(client, CLUSTER, db.connection());
        assertThat(controlPlane.reportedOperations()).hasSize(10);
        reporter.report(client, CLUSTER, db.connection());
        reporter.report(client, CLUSTER, db.connection());
        assertThat(controlPlane.reportedOperations()).hasSize(25)
                .allSatisfy(op -> assertThat(op.state()).isEqualTo("SUCCEEDED"));
        int requests = controlPlane.requests().size();
        reporter.report(client, CLUSTER, db.connection());

        assertThat(controlPlane.requests()).hasSize(requests);
    }

    @Test
    void finishedRebalancesOlderThanAnHourAreHistoryButOneStillRunningIsReported() throws Exception {
        long old = rebalance("ZONES", "zone-b had no partitions", "SUCCEEDED", "now() - interval '2 hours'");
        long stuck = rebalance("REASSIGNMENT", "an admin moved orders-1", "RUNNING", "now() - interval '2 hours'");

        new RebalanceReporter(new RebalanceProgress(), 10).report(client, CLUSTER, db.connection());

        assertThat(controlPlane.reportedOperations()).extracting(ReportedOperation::key)
                .containsExactly(CLUSTER + "/rebalance/" + stuck).doesNotContain(CLUSTER + "/rebalance/" + old);
    }

    private List<String> steps(ReportedOperation operation) {
        return controlPlane.events(operation.id()).stream().map(e -> e.step() + ":" + e.state()
                + ("movePartitions".equals(e.step()) && "RUNNING".equals(e.state()) ? ":" + e.message() : ""))
                .toList();
    }

    private static long rebalance(String trigger, String summary, String state, String plannedAt) throws Exception {
        db.sql("insert into rebalances (trigger, summary, planned_by, state, planned_at) values ('" + trigger + "', '"
                + summary + "', 1, '" + state + "', " + plannedAt + ")");
        return Long.parseLong(query("select max(rebalance_id) from rebalances"));
    }

    private static void move(long rebalanceId, String topic, int partition, int from, int to, String state,
            String took, String message) throws Exception {
        db.sql("insert into partition_moves (rebalance_id, topic_id, topic_name, partition, from_node, to_node, "
                + "from_epoch, state, requested_at, completed_at, message) values (" + rebalanceId
                + ", gen_random_uuid(), '" + topic + "', " + partition + ", " + from + ", " + to + ", 3, '" + state
                + "', now() - interval '1 second', "
                + (took == null ? "null" : "now() - interval '1 second' + interval '" + took + "'") + ", "
                + (message == null ? "null" : "'" + message + "'") + ")");
    }

    private static Instant plannedAt(long id) throws Exception {
        try (var c = db.connection().open(); var st = c.createStatement();
             var rs = st.executeQuery("select planned_at from rebalances where rebalance_id = " + id)) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    private static String query(String sql) throws Exception {
        try (var c = db.connection().open(); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
