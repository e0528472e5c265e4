package dev.floe.broker.it;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.record.MemoryRecords;
import org.apache.kafka.common.record.SimpleRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Hostile and broken clients on raw sockets: each gets an error or a closed connection, and the broker keeps serving. */
class BadInputIT {
    private static TestCluster cluster;
    private static BrokerProcess broker;

    @BeforeAll
    static void start() throws Exception {
        cluster = SharedInfrastructure.get().newCluster("badinput");
        broker = cluster.start(1);
        Clients.createTopic(broker.bootstrap(), "target", 1);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void randomBytesCloseOnlyThatConnection() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            byte[] junk = new byte[16 + random.nextInt(200)];
            random.nextBytes(junk);
            try (Socket s = socket()) {
                s.getOutputStream().write(junk);
                assertThat(readUntilClosedOrSilent(s)).isTrue();
            }
        }
        assertBrokerServes();
    }

    @Test
    void aFrameWithAGarbledBodyClosesTheConnection() throws Exception {
        try (Socket s = socket()) {
            ByteBuffer frame = frame(ApiKeys.PRODUCE, (short) 9, 7, new ProduceRequestData().setAcks((short) 1).setTimeoutMs(1000));
            // keep the header, replace the body with garbage
            for (int i = 30; i < frame.limit(); i++) {
                frame.put(i, (byte) 0xFF);
            }
            s.getOutputStream().write(frame.array(), 0, frame.limit());
            assertThat(readUntilClosedOrSilent(s)).isTrue();
        }
        assertBrokerServes();
    }

    @Test
    void aTruncatedFrameLeavesOtherClientsUnaffected() throws Exception {
        try (Socket s = socket()) {
            ByteBuffer frame = frame(ApiKeys.API_VERSIONS, (short) 3, 1, new ApiVersionsRequestData()
                    .setClientSoftwareName("x").setClientSoftwareVersion("1"));
            s.getOutputStream().write(frame.array(), 0, frame.limit() / 2);
            s.getOutputStream().flush();
            assertBrokerServes(); // while the half frame is still pending
        }
        try (Socket s = socket()) {
            // a size prefix far beyond the limit
            s.getOutputStream().write(new byte[]{0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 1, 2, 3});
            assertThat(readUntilClosedOrSilent(s)).isTrue();
        }
        assertBrokerServes();
    }

    @Test
    void anUnknownApiVersionsVersionIsAnsweredWithUnsupportedVersionAndTheSupportedRanges() throws Exception {
        try (Socket s = socket()) {
            send(s, frame(ApiKeys.API_VERSIONS, (short) 99, 5, new ApiVersionsRequestData()));
            ByteBuffer response = readFrame(s);
            ResponseHeaderData header = new ResponseHeaderData(new ByteBufferAccessor(response), (short) 0);
            assertThat(header.correlationId()).isEqualTo(5);
            ApiVersionsResponseData body = new ApiVersionsResponseData(new ByteBufferAccessor(response), (short) 0);
            assertThat(body.errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            assertThat(body.apiKeys().find(ApiKeys.PRODUCE.id)).isNotNull();
        }
        try (Socket s = socket()) {
            // Produce v2 is advertised for librdkafka's sake but not served: the connection is closed.
            ByteBuffer f = frame(ApiKeys.METADATA, (short) 1, 9, new org.apache.kafka.common.message.MetadataRequestData());
            f.putShort(6, (short) 2); // rewrite api version field to an unserved one for Fetch
            f.putShort(4, ApiKeys.FETCH.id);
            send(s, f);
            assertThat(readUntilClosedOrSilent(s)).isTrue();
        }
        assertBrokerServes();
    }

    @Test
    void aBatchWithABadCrcIsRejectedWithCorruptMessageAndNothingIsAppended() throws Exception {
        MemoryRecords records = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("k".getBytes(), "v".getBytes()));
        ByteBuffer buf = records.buffer();
        buf.put(buf.limit() - 1, (byte) (buf.get(buf.limit() - 1) ^ 0x5A)); // flip bits in the last record byte
        Clients.createTopic(broker.bootstrap(), "crc", 1);
        ProduceResponseData resp = produceRaw("crc", MemoryRecords.readableRecords(buf));
        assertThat(resp.responses().iterator().next().partitionResponses().get(0).errorCode()).isEqualTo(Errors.CORRUPT_MESSAGE.code());
        try (KafkaProducer<String, String> p = Clients.producer(broker.bootstrap())) {
            assertThat(p.send(new ProducerRecord<>("crc", 0, "ok", "ok")).get().offset()).as("the bad batch took no offset").isEqualTo(0);
        }
    }

    @Test
    void anOversizedBatchIsRejectedWithMessageTooLarge() throws Exception {
        MemoryRecords records = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord("k".getBytes(), new byte[2 * 1024 * 1024]));
        ProduceResponseData resp = produceRaw("target", records);
        assertThat(resp.responses().iterator().next().partitionResponses().get(0).errorCode()).isEqualTo(Errors.MESSAGE_TOO_LARGE.code());
        assertBrokerServes();
    }

    private ProduceResponseData produceRaw(String topic, MemoryRecords records) throws IOException {
        ProduceRequestData req = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(5000);
        ProduceRequestData.TopicProduceData td = new ProduceRequestData.TopicProduceData().setName(topic);
        td.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(records));
        req.topicData().add(td);
        try (Socket s = socket()) {
            short version = 9;
            send(s, frame(ApiKeys.PRODUCE, version, 11, req));
            ByteBuffer response = readFrame(s);
            new ResponseHeaderData(new ByteBufferAccessor(response), ApiKeys.PRODUCE.responseHeaderVersion(version));
            return new ProduceResponseData(new ByteBufferAccessor(response), version);
        }
    }

    private static void assertBrokerServes() throws Exception {
        try (KafkaProducer<String, String> p = Clients.producer(broker.bootstrap())) {
            assertThat(p.send(new ProducerRecord<>("target", "still", "serving")).get().offset()).isGreaterThanOrEqualTo(0);
        }
    }

    private static Socket socket() throws IOException {
        String[] hp = broker.bootstrap().split(":");
        Socket s = new Socket(hp[0], Integer.parseInt(hp[1]));
        s.setSoTimeout(5000);
        return s;
    }

    private static ByteBuffer frame(ApiKeys key, short version, int correlationId, ApiMessage body) {
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(key.id).setRequestApiVersion(version)
                .setCorrelationId(correlationId).setClientId("bad-input-test");
        short headerVersion = key.requestHeaderVersion(version <= key.latestVersion() ? version : key.latestVersion());
        ObjectSerializationCache cache = new ObjectSerializationCache();
        short bodyVersion = (short) Math.min(version, key.latestVersion());
        int size = header.size(cache, headerVersion) + body.size(cache, bodyVersion);
        ByteBuffer buf = ByteBuffer.allocate(4 + size);
        buf.putInt(size);
        ByteBufferAccessor out = new ByteBufferAccessor(buf);
        header.write(out, cache, headerVersion);
        body.write(out, cache, bodyVersion);
        return buf.flip();
    }

    private static void send(Socket s, ByteBuffer frame) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(frame.array(), 0, frame.limit());
        out.flush();
    }

    private static ByteBuffer readFrame(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        int size = in.readInt();
        byte[] body = new byte[size];
        in.readFully(body);
        return ByteBuffer.wrap(body);
    }

    /** True when the broker closed the connection (or, for a frame it still waits on, stays silent). */
    private static boolean readUntilClosedOrSilent(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return true;
        } catch (SocketException | EOFException e) {
            return true;
        }
    }
}
