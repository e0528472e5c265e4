package dev.floe.broker.protocol;

import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Routes each request to the handler of its API key and knows what ApiVersions advertises. */
public final class ApiDispatcher {
    private final Map<ApiKeys, ApiHandler<?>> handlers = new EnumMap<>(ApiKeys.class);

    public ApiDispatcher(List<ApiHandler<?>> all) {
        for (ApiHandler<?> h : all) {
            handlers.put(h.apiKey(), h);
        }
    }

    public boolean supports(ApiKeys key, short version) {
        ApiHandler<?> h = handlers.get(key);
        return h != null && version <= h.maxVersion() && version >= Math.max(h.minVersion(), key.oldestVersion());
    }

    public boolean knows(ApiKeys key) {
        return handlers.containsKey(key);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public CompletableFuture<? extends ApiMessage> dispatch(RequestContext ctx, ApiMessage request) {
        ApiHandler h = handlers.get(ctx.apiKey());
        return h.handle(ctx, request);
    }

    /** The version ranges ApiVersions advertises: exactly the handlers that exist. */
    public ApiVersionsResponseData.ApiVersionCollection advertised() {
        ApiVersionsResponseData.ApiVersionCollection out = new ApiVersionsResponseData.ApiVersionCollection();
        for (ApiHandler<?> h : handlers.values()) {
            out.add(new ApiVersionsResponseData.ApiVersion().setApiKey(h.apiKey().id)
                    .setMinVersion(h.minVersion()).setMaxVersion(h.maxVersion()));
        }
        return out;
    }
}
