package dev.floe.agent.support;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.RequestUtils;

/**
 * Stands in for {@code broker/target/floe-broker.jar} until the real broker exists: honours the broker launch
 * contract (environment variables, ready line) and answers just enough Kafka (ApiVersions, Metadata,
 * DescribeCluster) for the agent's health check. Each start appends a line to {@code launches} in its WAL
 * directory, so tests can count launches per broker.
 */
public final class StandInBroker {

    private StandInBroker() {
    }

    public static void main(String[] args) throws Exception {
        String listener = System.getenv("FLOE_LISTENER");
        String host = listener.substring(0, listener.lastIndexOf(':'));
        int port = Integer.parseInt(listener.substring(listener.lastIndexOf(':') + 1));
        int nodeId = Integer.parseInt(System.getenv("FLOE_BROKER_NODE_ID"));
        String clusterId = System.getenv("FLOE_CLUSTER_ID");
        for (String required : new String[] {"FLOE_ZONE", "FLOE_WAL_DIR", "FLOE_S3_ENDPOINT", "FLOE_S3_BUCKET",
                "FLOE_S3_ACCESS_KEY", "FLOE_S3_SECRET_KEY", "FLOE_CATALOG_JDBC_URL", "FLOE_ADVERTISED_LISTENER"}) {
            if (System.getenv(required) == null || System.getenv(required).isBlank()) {
                System.out.println("missing " + required);
                System.exit(2);
            }
        }
        Path wal = Path.of(System.getenv("FLOE_WAL_DIR"));
        Files.writeString(wal.resolve("launches"), ProcessHandle.current().pid() + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        long delay = Long.getLong("standin.readyDelayMs", 0);
        Thread.sleep(delay);
        ServerSocket server = new ServerSocket(port, 50, InetAddress.getByName(host));
        System.out.println("FLOE_BROKER_READY bootstrap=" + listener);
        System.out.flush();
        while (true) {
            Socket socket = server.accept();
            Thread t = new Thread(() -> serve(socket, nodeId, host, port, clusterId));
            t.setDaemon(true);
            t.start();
        }
    }

    private static void serve(Socket socket, int nodeId, String host, int port, String clusterId) {
        try (socket; DataInputStream in = new DataInputStream(socket.getInputStream());
             DataOutputStream out = new DataOutputStream(socket.getOutputStream())) {
            while (true) {
                byte[] frame = new byte[in.readInt()];
                in.readFully(frame);
                ByteBuffer buffer = ByteBuffer.wrap(frame);
                RequestHeader header = RequestHeader.parse(buffer);
                ApiMessage response = switch (header.apiKey()) {
                    case API_VERSIONS -> apiVersions();
                    case METADATA -> metadata(nodeId, host, port, clusterId);
                    case DESCRIBE_CLUSTER -> describeCluster(nodeId, host, port, clusterId);
                    default -> null;
                };
                if (response == null) {
                    return;
                }
                short version = header.apiVersion();
                ByteBuffer bytes = RequestUtils.serialize(header.toResponseHeader().data(),
                        header.apiKey().responseHeaderVersion(version), response, version);
                out.writeInt(bytes.remaining());
                out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
                out.flush();
            }
        } catch (IOException | RuntimeException closed) {
            // client went away
        }
    }

    private static ApiVersionsResponseData apiVersions() {
        ApiVersionsResponseData data = new ApiVersionsResponseData().setErrorCode((short) 0);
        data.apiKeys().add(new ApiVersionsResponseData.ApiVersion().setApiKey(ApiKeys.API_VERSIONS.id)
                .setMinVersion((short) 0).setMaxVersion((short) 3));
        data.apiKeys().add(new ApiVersionsResponseData.ApiVersion().setApiKey(ApiKeys.METADATA.id)
                .setMinVersion((short) 0).setMaxVersion((short) 12));
        data.apiKeys().add(new ApiVersionsResponseData.ApiVersion().setApiKey(ApiKeys.DESCRIBE_CLUSTER.id)
                .setMinVersion((short) 0).setMaxVersion((short) 1));
        return data;
    }

    private static MetadataResponseData metadata(int nodeId, String host, int port, String clusterId) {
        MetadataResponseData data = new MetadataResponseData().setClusterId(clusterId).setControllerId(nodeId);
        data.brokers().add(new MetadataResponseData.MetadataResponseBroker().setNodeId(nodeId).setHost(host)
                .setPort(port));
        return data;
    }

    private static DescribeClusterResponseData describeCluster(int nodeId, String host, int port, String clusterId) {
        DescribeClusterResponseData data = new DescribeClusterResponseData().setClusterId(clusterId)
                .setControllerId(nodeId);
        data.brokers().add(new DescribeClusterResponseData.DescribeClusterBroker().setBrokerId(nodeId).setHost(host)
                .setPort(port));
        return data;
    }
}
