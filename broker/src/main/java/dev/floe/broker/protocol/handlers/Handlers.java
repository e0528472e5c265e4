package dev.floe.broker.protocol.handlers;

import dev.floe.broker.catalog.CatalogStorage;
import dev.floe.broker.catalog.MetadataCache;
import dev.floe.broker.config.BrokerConfig;
import dev.floe.broker.config.TopicConfigs;
import dev.floe.broker.controller.Reassignments;
import dev.floe.broker.controller.TopicService;
import dev.floe.broker.group.GroupCoordinator;
import dev.floe.broker.log.LogManager;
import dev.floe.broker.protocol.ApiDispatcher;
import dev.floe.broker.protocol.ApiHandler;
import dev.floe.broker.traffic.TrafficCounters;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/** The full set of APIs this broker serves; ApiVersions advertises exactly this list. */
public final class Handlers {
    private Handlers() {
    }

    public record Deps(BrokerConfig config, MetadataCache metadata, LogManager logs, GroupCoordinator groups,
                       TopicService topicService, TopicConfigs topicConfigs, CatalogStorage storage, Executor workers,
                       ScheduledExecutorService timers, Supplier<ApiDispatcher> dispatcher,
                       TrafficCounters traffic, Reassignments reassignments) {
    }

    public static List<ApiHandler<?>> all(Deps d) {
        return List.of(
                new ApiVersionsHandler(d.dispatcher()),
                new MetadataHandler(d.metadata(), d.topicService(), d.config()),
                new ProduceHandler(d.metadata(), d.logs(), d.topicConfigs(), d.traffic()),
                new FetchHandler(d.metadata(), d.logs(), d.workers(), d.timers(), d.traffic()),
                new ListOffsetsHandler(d.metadata(), d.logs()),
                new InitProducerIdHandler(d.storage()),
                new OffsetForLeaderEpochHandler(d.metadata(), d.logs()),
                new FindCoordinatorHandler(d.metadata(), d.groups()),
                new JoinGroupHandler(d.groups()),
                new SyncGroupHandler(d.groups()),
                new HeartbeatHandler(d.groups()),
                new LeaveGroupHandler(d.groups()),
                new OffsetCommitHandler(d.groups()),
                new OffsetFetchHandler(d.groups()),
                new ListGroupsHandler(d.groups()),
                new DescribeGroupsHandler(d.groups()),
                new DeleteGroupsHandler(d.groups()),
                new CreateTopicsHandler(d.metadata(), d.topicService(), d.topicConfigs(), d.config()),
                new DeleteTopicsHandler(d.metadata(), d.topicService()),
                new CreatePartitionsHandler(d.metadata(), d.topicService()),
                new DescribeConfigsHandler(d.metadata(), d.topicConfigs(), d.config()),
                new IncrementalAlterConfigsHandler(d.metadata(), d.topicService(), d.topicConfigs()),
                new DescribeClusterHandler(d.metadata(), d.config()),
                new AlterPartitionReassignmentsHandler(d.reassignments()),
                new ListPartitionReassignmentsHandler(d.reassignments()));
    }
}
