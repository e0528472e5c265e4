package dev.floe.agent.health;

import dev.floe.agent.provider.BrokerInstance;
import dev.floe.agent.provider.CatalogConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A broker is up when it answers Kafka admin {@code describeCluster} on its own listener and, where the catalog
 * can tell, holds a live lease. Either failing makes it down, with the reason.
 */
public final class KafkaClusterHealthCheck implements ClusterHealthCheck {

    private static final int TIMEOUT_MS = 4000;

    private final CatalogObservations observations;

    public KafkaClusterHealthCheck(CatalogObservations observations) {
        this.observations = observations;
    }

    @Override
    public List<BrokerHealth> check(List<BrokerInstance> brokers, CatalogConnection catalog) {
        Optional<Map<Integer, Boolean>> lease = observations.leases(catalog);
        Map<Integer, Integer> partitions = observations.partitionsByOwner(catalog).orElse(Map.of());
        Map<Integer, BrokerTraffic> traffic = observations.traffic(catalog).orElse(Map.of());
        List<BrokerHealth> result = new ArrayList<>();
        for (BrokerInstance broker : brokers) {
            BrokerHealth health = checkOne(broker, lease);
            BrokerTraffic t = traffic.getOrDefault(broker.nodeId(), BrokerTraffic.NONE);
            result.add(new BrokerHealth(health.nodeId(), health.up(), health.reason(),
                    partitions.getOrDefault(broker.nodeId(), 0), t.bytesInPerSec(), t.bytesOutPerSec()));
        }
        return result;
    }

    private BrokerHealth checkOne(BrokerInstance broker, Optional<Map<Integer, Boolean>> lease) {
        if (broker.state() != BrokerInstance.State.RUNNING) {
            return new BrokerHealth(broker.nodeId(), false, "instance " + broker.state().name().toLowerCase()
                    + (broker.detail() == null ? "" : ": " + broker.detail()), 0);
        }
        String kafkaProblem = describeCluster(broker);
        if (kafkaProblem != null) {
            return new BrokerHealth(broker.nodeId(), false, kafkaProblem, 0);
        }
        if (lease.isPresent() && !lease.get().getOrDefault(broker.nodeId(), false)) {
            return new BrokerHealth(broker.nodeId(), false, "no live lease in the catalog", 0);
        }
        return new BrokerHealth(broker.nodeId(), true, "answers describeCluster", 0);
    }

    private static String describeCluster(BrokerInstance broker) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS);
        props.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 200);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "floe-agent-health");
        Admin admin = Admin.create(props);
        try {
            admin.describeCluster().nodes().get(TIMEOUT_MS + 1000, TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return "describeCluster failed: " + e.getCause().getMessage();
        } catch (TimeoutException e) {
            return "describeCluster timed out on " + broker.bootstrap();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (RuntimeException e) {
            return "describeCluster failed: " + e.getMessage();
        } finally {
            admin.close(java.time.Duration.ofSeconds(1));
        }
    }
}
