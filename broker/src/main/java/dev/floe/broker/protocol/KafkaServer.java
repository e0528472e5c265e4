package dev.floe.broker.protocol;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;

import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** The Kafka listener: frames are cut by their 4-byte size prefix and handed to a connection handler. */
public final class KafkaServer implements AutoCloseable {
    /** Kafka's socket.request.max.bytes default; larger frames close the connection. */
    public static final int MAX_FRAME_BYTES = 100 * 1024 * 1024;
    private static final int IDLE_SECONDS = 600;

    private final ApiDispatcher dispatcher;
    private final Executor workers;
    private EventLoopGroup boss;
    private EventLoopGroup io;
    private Channel channel;

    public KafkaServer(ApiDispatcher dispatcher, Executor workers) {
        this.dispatcher = dispatcher;
        this.workers = workers;
    }

    /** Binds and returns the bound port (useful when asked for port 0). */
    public int start(String host, int port) throws InterruptedException {
        boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        io = new MultiThreadIoEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()), NioIoHandler.newFactory());
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, io)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // Like Kafka's connections.max.idle.ms: a silent or half-sent connection is closed eventually.
                        ch.pipeline().addLast(new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS));
                        ch.pipeline().addLast(new FrameReader(MAX_FRAME_BYTES));
                        ch.pipeline().addLast(new ConnectionHandler(dispatcher, workers));
                    }
                });
        channel = b.bind(host, port).sync().channel();
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Stops accepting and closes every connection. */
    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            io.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
    }
}
