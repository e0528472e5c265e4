package dev.floe.broker.protocol;

import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;

import java.nio.ByteBuffer;

/** Turns a response message into a size-prefixed frame. */
final class ResponseEncoder {
    private ResponseEncoder() {
    }

    static ByteBuffer encode(ApiKeys apiKey, short version, int correlationId, ApiMessage body) {
        // ApiVersions answers always use header v0: a client that sent an unknown version must still parse it.
        short headerVersion = apiKey == ApiKeys.API_VERSIONS ? 0 : apiKey.responseHeaderVersion(version);
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(correlationId);
        int size = header.size(cache, headerVersion) + body.size(cache, version);
        ByteBuffer buf = ByteBuffer.allocate(4 + size);
        buf.putInt(size);
        ByteBufferAccessor out = new ByteBufferAccessor(buf);
        header.write(out, cache, headerVersion);
        body.write(out, cache, version);
        return buf.flip();
    }
}
