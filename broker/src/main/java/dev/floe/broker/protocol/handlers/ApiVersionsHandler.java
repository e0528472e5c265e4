package dev.floe.broker.protocol.handlers;

import dev.floe.broker.protocol.ApiDispatcher;
import dev.floe.broker.protocol.ApiHandler;
import dev.floe.broker.protocol.RequestContext;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** ApiVersions: advertises exactly the handlers the dispatcher has. */
public final class ApiVersionsHandler implements ApiHandler<ApiVersionsRequestData> {
    private final Supplier<ApiDispatcher> dispatcher;

    public ApiVersionsHandler(Supplier<ApiDispatcher> dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.API_VERSIONS;
    }

    @Override
    public short minVersion() {
        return 0;
    }

    @Override
    public short maxVersion() {
        return 4;
    }

    @Override
    public CompletableFuture<ApiVersionsResponseData> handle(RequestContext ctx, ApiVersionsRequestData request) {
        return CompletableFuture.completedFuture(new ApiVersionsResponseData()
                .setErrorCode(Errors.NONE.code())
                .setApiKeys(dispatcher.get().advertised())
                .setThrottleTimeMs(0));
    }
}
