package dev.floe.broker.protocol.handlers;

import dev.floe.broker.catalog.BrokerInfo;
import dev.floe.broker.catalog.ClusterSnapshot;
import dev.floe.broker.catalog.MetadataCache;
import dev.floe.broker.config.BrokerConfig;
import dev.floe.broker.protocol.ApiHandler;
import dev.floe.broker.protocol.RequestContext;
import org.apache.kafka.common.message.DescribeClusterRequestData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.concurrent.CompletableFuture;

/** DescribeCluster: cluster id, controller and live brokers. */
public final class DescribeClusterHandler implements ApiHandler<DescribeClusterRequestData> {
    private final MetadataCache metadata;
    private final BrokerConfig config;

    public DescribeClusterHandler(MetadataCache metadata, BrokerConfig config) {
        this.metadata = metadata;
        this.config = config;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.DESCRIBE_CLUSTER;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 1;
    }

    @Override
    public CompletableFuture<DescribeClusterResponseData> handle(RequestContext ctx, DescribeClusterRequestData req) {
        ClusterSnapshot s = metadata.current();
        DescribeClusterResponseData resp = new DescribeClusterResponseData().setErrorCode(Errors.NONE.code())
                .setClusterId(config.clusterId())
                .setControllerId(s.controllerId() >= 0 ? s.controllerId() : config.nodeId())
                .setClusterAuthorizedOperations(Integer.MIN_VALUE);
        for (BrokerInfo b : s.servingBrokers()) {
            resp.brokers().add(new DescribeClusterResponseData.DescribeClusterBroker().setBrokerId(b.nodeId())
                    .setHost(b.host()).setPort(b.port()).setRack(b.zone()));
        }
        return CompletableFuture.completedFuture(resp);
    }
}
