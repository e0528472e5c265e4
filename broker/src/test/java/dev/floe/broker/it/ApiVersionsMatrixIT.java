package dev.floe.broker.it;

import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every version ApiVersions advertises is answered with a response a client of that version can
 * decode: older clients (librdkafka, kafkajs) pick versions Java clients never use.
 */
class ApiVersionsMatrixIT {
    private static TestCluster cluster;
    private static BrokerProcess broker;

    @BeforeAll
    static void start() throws Exception {
        cluster = SharedInfrastructure.get().newCluster("matrix");
        broker = cluster.start(1);
        Clients.createTopic(broker.bootstrap(), "m", 1);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void everyAdvertisedVersionGetsADecodableResponse() throws Exception {
        List<String> failures = new ArrayList<>();
        ApiVersionsResponseData versions;
        try (Socket s = socket()) {
            versions = (ApiVersionsResponseData) roundTrip(s, ApiKeys.API_VERSIONS, (short) 0, new ApiVersionsRequestData(), 1);
        }
        int calls = 0;
        for (ApiVersionsResponseData.ApiVersion v : versions.apiKeys()) {
            ApiKeys key = ApiKeys.forId(v.apiKey());
            for (short version = (short) Math.max(v.minVersion(), key.oldestVersion()); version <= v.maxVersion(); version++) {
                // A fresh connection per call: a failure must not hide the calls after it.
                try (Socket s = socket()) {
                    roundTrip(s, key, version, sample(key, version), 100 + calls++);
                } catch (Exception | AssertionError e) {
                    failures.add(key + " v" + version + ": " + e);
                }
            }
        }
        assertThat(calls).isGreaterThan(100);
        assertThat(failures).isEmpty();
    }

    /** A request with enough content that the response carries per-topic and per-partition fields. */
    private static ApiMessage sample(ApiKeys key, short version) {
        switch (key) {
            case METADATA -> {
                MetadataRequestData r = new MetadataRequestData().setAllowAutoTopicCreation(version < 4);
                r.topics().add(new MetadataRequestData.MetadataRequestTopic().setName("m"));
                return r;
            }
            case PRODUCE -> {
                return new org.apache.kafka.common.message.ProduceRequestData().setAcks((short) 1).setTimeoutMs(1000);
            }
            case LIST_OFFSETS -> {
                ListOffsetsRequestData r = new ListOffsetsRequestData().setReplicaId(-1);
                ListOffsetsRequestData.ListOffsetsTopic t = new ListOffsetsRequestData.ListOffsetsTopic().setName("m");
                t.partitions().add(new ListOffsetsRequestData.ListOffsetsPartition().setPartitionIndex(0).setTimestamp(-1));
                r.topics().add(t);
                return r;
            }
            case FETCH -> {
                FetchRequestData r = new FetchRequestData().setMaxWaitMs(0).setMinBytes(1).setMaxBytes(1 << 20).setReplicaId(-1);
                FetchRequestData.FetchTopic t = new FetchRequestData.FetchTopic().setTopic("m");
                t.partitions().add(new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(0).setPartitionMaxBytes(1 << 20));
                r.topics().add(t);
                return r;
            }
            case CREATE_TOPICS -> {
                CreateTopicsRequestData r = new CreateTopicsRequestData().setTimeoutMs(5000);
                r.topics().add(new CreateTopicsRequestData.CreatableTopic().setName("matrix-" + version).setNumPartitions(1).setReplicationFactor((short) 1));
                return r;
            }
            case FIND_COORDINATOR -> {
                FindCoordinatorRequestData r = new FindCoordinatorRequestData();
                if (version < 4) {
                    r.setKey("g");
                } else {
                    r.coordinatorKeys().add("g");
                }
                return r;
            }
            case OFFSET_COMMIT -> {
                OffsetCommitRequestData r = new OffsetCommitRequestData().setGroupId("standalone").setGenerationIdOrMemberEpoch(-1);
                OffsetCommitRequestData.OffsetCommitRequestTopic t = new OffsetCommitRequestData.OffsetCommitRequestTopic().setName("m");
                t.partitions().add(new OffsetCommitRequestData.OffsetCommitRequestPartition().setPartitionIndex(0).setCommittedOffset(0));
                r.topics().add(t);
                return r;
            }
            case OFFSET_FETCH -> {
                OffsetFetchRequestData r = new OffsetFetchRequestData();
                if (version < 8) {
                    r.setGroupId("standalone");
                    r.topics().add(new OffsetFetchRequestData.OffsetFetchRequestTopic().setName("m").setPartitionIndexes(List.of(0)));
                } else {
                    OffsetFetchRequestData.OffsetFetchRequestGroup g = new OffsetFetchRequestData.OffsetFetchRequestGroup().setGroupId("standalone");
                    g.setTopics(new ArrayList<>(List.of(new OffsetFetchRequestData.OffsetFetchRequestTopics().setName("m").setPartitionIndexes(List.of(0)))));
                    r.groups().add(g);
                }
                return r;
            }
            case OFFSET_FOR_LEADER_EPOCH -> {
                OffsetForLeaderEpochRequestData r = new OffsetForLeaderEpochRequestData().setReplicaId(-1);
                OffsetForLeaderEpochRequestData.OffsetForLeaderTopic t = new OffsetForLeaderEpochRequestData.OffsetForLeaderTopic().setTopic("m");
                t.partitions().add(new OffsetForLeaderEpochRequestData.OffsetForLeaderPartition().setPartition(0).setLeaderEpoch(0).setCurrentLeaderEpoch(-1));
                r.topics().add(t);
                return r;
            }
            case DESCRIBE_CONFIGS -> {
                DescribeConfigsRequestData r = new DescribeConfigsRequestData();
                r.resources().add(new DescribeConfigsRequestData.DescribeConfigsResource().setResourceType((byte) 2).setResourceName("m"));
                return r;
            }
            case DESCRIBE_GROUPS -> {
                return new DescribeGroupsRequestData().setGroups(List.of("standalone"));
            }
            default -> {
                return ApiMessageType.fromApiKey(key.id).newRequest();
            }
        }
    }

    private static ApiMessage roundTrip(Socket s, ApiKeys key, short version, ApiMessage body, int correlationId) throws IOException {
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(key.id).setRequestApiVersion(version)
                .setCorrelationId(correlationId).setClientId("matrix");
        short headerVersion = key.requestHeaderVersion(version);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.size(cache, headerVersion) + body.size(cache, version);
        ByteBuffer buf = ByteBuffer.allocate(4 + size);
        buf.putInt(size);
        ByteBufferAccessor out = new ByteBufferAccessor(buf);
        header.write(out, cache, headerVersion);
        body.write(out, cache, version);
        s.getOutputStream().write(buf.array());
        s.getOutputStream().flush();
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] frame = new byte[in.readInt()];
        in.readFully(frame);
        ByteBufferAccessor response = new ByteBufferAccessor(ByteBuffer.wrap(frame));
        ResponseHeaderData rh = new ResponseHeaderData(response, key.responseHeaderVersion(version));
        assertThat(rh.correlationId()).isEqualTo(correlationId);
        ApiMessage parsed = ApiMessageType.fromApiKey(key.id).newResponse();
        parsed.read(response, version);
        return parsed;
    }

    private static Socket socket() throws IOException {
        String[] hp = broker.bootstrap().split(":");
        Socket s = new Socket(hp[0], Integer.parseInt(hp[1]));
        s.setSoTimeout(5000);
        return s;
    }
}
