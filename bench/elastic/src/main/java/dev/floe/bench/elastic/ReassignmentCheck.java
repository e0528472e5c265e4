package dev.floe.bench.elastic;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Before filling gigabytes, checks that the cluster can run the move at all: at least two brokers, and both APIs
 * the move uses advertised (ListPartitionReassignments, key 46; AlterPartitionReassignments, key 45, probed by
 * cancelling a reassignment that does not exist, which changes nothing). Creates the single-partition topic.
 */
final class ReassignmentCheck {

    /** Exit status when the broker does not advertise the APIs: the script reports it instead of a number. */
    static final int UNSUPPORTED = 3;

    private ReassignmentCheck() {
    }

    static int run(String bootstrap, String topic) throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        try (Admin admin = TopicAdmin.connect(bootstrap)) {
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            if (brokers < 2) {
                System.err.println("bench: the cluster at " + bootstrap + " has " + brokers + " broker(s); a move needs 2");
                return 1;
            }
            TopicAdmin.ensure(admin, topic, 1);
            try {
                admin.listPartitionReassignments(Set.of(tp)).reassignments().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                return unsupportedOrThrow(e, bootstrap, "ListPartitionReassignments", 46);
            }
            try {
                admin.alterPartitionReassignments(Map.of(tp, Optional.empty())).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnsupportedVersionException) {
                    return unsupportedOrThrow(e, bootstrap, "AlterPartitionReassignments", 45);
                }
                // Expected: NO_REASSIGNMENT_IN_PROGRESS. Any other answer still proves the API is served.
                Log.info("AlterPartitionReassignments answered the probe with %s", e.getCause().getClass().getSimpleName());
            }
            Log.info("%d brokers; ListPartitionReassignments and AlterPartitionReassignments are served", brokers);
            return 0;
        }
    }

    private static int unsupportedOrThrow(ExecutionException e, String bootstrap, String api, int key) throws Exception {
        if (e.getCause() instanceof UnsupportedVersionException) {
            System.err.printf("bench: the broker at %s does not advertise %s (API key %d), so it cannot be moved with "
                    + "the Admin API: %s%n", bootstrap, api, key, e.getCause().getMessage());
            return UNSUPPORTED;
        }
        throw e;
    }
}
