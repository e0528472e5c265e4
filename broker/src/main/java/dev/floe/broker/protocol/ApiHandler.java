package dev.floe.broker.protocol;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

import java.util.concurrent.CompletableFuture;

/**
 * Serves one Kafka API. {@code handle} runs on a request worker (never the event loop) and may block
 * briefly on the catalog; long waits (fsync, long poll) are expressed by the returned future.
 * A future completing with {@code null} sends no response (produce with acks=0).
 */
public interface ApiHandler<Q extends ApiMessage> {
    ApiKeys apiKey();

    /** Lowest version advertised; may be below what kafka-clients can parse (see ApiDispatcher). */
    short minVersion();

    short maxVersion();

    CompletableFuture<? extends ApiMessage> handle(RequestContext ctx, Q request);
}
