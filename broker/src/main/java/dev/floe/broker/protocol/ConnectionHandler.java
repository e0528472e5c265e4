package dev.floe.broker.protocol;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One client connection: decodes each frame, hands it to the dispatcher off the event loop, and writes
 * responses strictly in request order even when later requests finish first. A frame that cannot be
 * decoded closes this connection only.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);
    private static final int PAUSE_READS_AT = 500;
    private static final ByteBuffer NO_RESPONSE = ByteBuffer.allocate(0);

    private final ApiDispatcher dispatcher;
    private final SerialExecutor serial;
    private final ArrayDeque<CompletableFuture<ByteBuffer>> pending = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private String clientHost = "";

    ConnectionHandler(ApiDispatcher dispatcher, Executor workers) {
        this.dispatcher = dispatcher;
        this.serial = new SerialExecutor(workers);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress a) {
            clientHost = "/" + a.getAddress().getHostAddress();
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // Record batches are sliced from the frame, never copied again (FrameReader made the one copy).
        ByteBuffer buffer = (ByteBuffer) msg;
        RequestHeader header;
        ApiMessage request;
        try {
            header = RequestHeader.parse(buffer);
        } catch (RuntimeException e) {
            closeMalformed("unparseable request header", e);
            return;
        }
        ApiKeys key = header.apiKey();
        short version = header.apiVersion();
        if (!dispatcher.supports(key, version)) {
            if (key == ApiKeys.API_VERSIONS) {
                // Tell the client which versions exist so it can retry with one we speak.
                ApiVersionsResponseData body = new ApiVersionsResponseData()
                        .setErrorCode(Errors.UNSUPPORTED_VERSION.code()).setApiKeys(dispatcher.advertised());
                enqueue(CompletableFuture.completedFuture(ResponseEncoder.encode(key, (short) 0, header.correlationId(), body)));
                return;
            }
            closeMalformed("unsupported " + key + " version " + version, null);
            return;
        }
        try {
            request = AbstractRequest.parseRequest(key, version, new ByteBufferAccessor(buffer)).request.data();
        } catch (RuntimeException e) {
            closeMalformed("malformed " + key + " v" + version + " body", e);
            return;
        }
        RequestContext rc = new RequestContext(header, clientHost);
        CompletableFuture<ByteBuffer> response = new CompletableFuture<>();
        enqueue(response);
        serial.execute(() -> {
            CompletableFuture<? extends ApiMessage> result;
            try {
                result = dispatcher.dispatch(rc, request);
            } catch (Throwable e) {
                result = CompletableFuture.failedFuture(e);
            }
            result.whenComplete((body, error) -> {
                if (error != null) {
                    log.warn("{} v{} from {} failed", key, version, clientHost, error);
                    response.completeExceptionally(error);
                } else if (body == null) {
                    response.complete(NO_RESPONSE);
                } else {
                    try {
                        response.complete(ResponseEncoder.encode(key, version, header.correlationId(), body));
                    } catch (Throwable e) {
                        log.warn("cannot encode {} v{} response", key, version, e);
                        response.completeExceptionally(e);
                    }
                }
            });
        });
    }

    private void enqueue(CompletableFuture<ByteBuffer> response) {
        pending.add(response);
        if (pending.size() >= PAUSE_READS_AT) {
            ctx.channel().config().setAutoRead(false);
        }
        response.whenComplete((r, e) -> ctx.executor().execute(this::flushReady));
    }

    /** Writes completed responses from the head of the queue; stops at the first one still running. */
    private void flushReady() {
        boolean wrote = false;
        while (!pending.isEmpty() && pending.peek().isDone()) {
            CompletableFuture<ByteBuffer> head = pending.poll();
            if (head.isCompletedExceptionally()) {
                ctx.close(); // a handler failed unexpectedly: the client reconnects and retries
                pending.clear();
                return;
            }
            ByteBuffer bytes = head.join();
            if (bytes != NO_RESPONSE) {
                ctx.write(Unpooled.wrappedBuffer(bytes));
                wrote = true;
            }
        }
        if (wrote) {
            ctx.flush();
        }
        if (pending.size() < PAUSE_READS_AT / 2 && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void closeMalformed(String why, Throwable e) {
        log.info("closing connection from {}: {}{}", clientHost, why, e == null ? "" : " (" + e.getMessage() + ")");
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            log.debug("closing idle connection from {}", clientHost);
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.info("connection from {} failed: {}", clientHost, cause.toString());
        ctx.close();
    }
}
