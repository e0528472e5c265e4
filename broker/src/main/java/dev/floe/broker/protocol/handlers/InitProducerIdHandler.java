package dev.floe.broker.protocol.handlers;

import dev.floe.broker.catalog.CatalogStorage;
import dev.floe.broker.protocol.ApiHandler;
import dev.floe.broker.protocol.RequestContext;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.concurrent.CompletableFuture;

/** InitProducerId for idempotent producers: ids from a catalog sequence; a known id gets its epoch bumped. */
public final class InitProducerIdHandler implements ApiHandler<InitProducerIdRequestData> {
    private final CatalogStorage storage;

    public InitProducerIdHandler(CatalogStorage storage) {
        this.storage = storage;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.INIT_PRODUCER_ID;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 5;
    }

    @Override
    public CompletableFuture<InitProducerIdResponseData> handle(RequestContext ctx, InitProducerIdRequestData req) {
        InitProducerIdResponseData resp = new InitProducerIdResponseData();
        if (req.transactionalId() != null) {
            // Transactions are not implemented; say so instead of pretending.
            return CompletableFuture.completedFuture(resp.setErrorCode(Errors.INVALID_REQUEST.code()).setProducerId(-1).setProducerEpoch((short) -1));
        }
        if (req.producerId() >= 0 && req.producerEpoch() >= 0 && req.producerEpoch() < Short.MAX_VALUE - 1) {
            return CompletableFuture.completedFuture(resp.setProducerId(req.producerId()).setProducerEpoch((short) (req.producerEpoch() + 1)));
        }
        return CompletableFuture.completedFuture(resp.setProducerId(storage.nextProducerId()).setProducerEpoch((short) 0));
    }
}
