package dev.floe.bench.elastic;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;

/**
 * The start-up of one broker the agent launches during a scale-out, observed from outside: when the agent started
 * its process (pid file), when it registered its lease in the catalog ({@code brokers.started_at} of an incarnation
 * newer than the scale call), and when its Kafka listener first accepted a connection (polled).
 */
final class BrokerStartup {

    /** File times come from the kernel's coarse clock, which may lag the precise one by a tick. */
    private static final double FILE_CLOCK_SLACK_MS = 50;

    private final int node;
    private final double notBeforeEpochMs;
    private Double launchedMs;
    private Double registeredMs;
    private Double acceptingMs;

    BrokerStartup(int node, double notBeforeEpochMs) {
        this.node = node;
        this.notBeforeEpochMs = notBeforeEpochMs;
    }

    int node() {
        return node;
    }

    void poll(LocalBrokers local, Catalog.Broker row) {
        if (launchedMs == null) {
            local.launchedAt(node).map(Clock::epochMillis)
                    .filter(t -> t >= notBeforeEpochMs - FILE_CLOCK_SLACK_MS)
                    .ifPresent(t -> launchedMs = t);
        }
        if (registeredMs == null && row != null && row.startedAt() != null) {
            double started = Clock.epochMillis(row.startedAt());
            if (started >= notBeforeEpochMs) {
                registeredMs = started;
            }
        }
        if (acceptingMs == null && launchedMs != null) {
            Optional<Integer> port = local.port(node);
            if (port.isPresent() && accepts(port.get())) {
                acceptingMs = Clock.epochMillis(System.nanoTime());
            }
        }
    }

    boolean up() {
        return launchedMs != null && registeredMs != null && acceptingMs != null;
    }

    Double launchedMs() {
        return launchedMs;
    }

    Double registeredMs() {
        return registeredMs;
    }

    Double acceptingMs() {
        return acceptingMs;
    }

    /** Up = its lease is in the catalog and it accepts connections. */
    Double upMs() {
        return up() ? Math.max(registeredMs, acceptingMs) : null;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
