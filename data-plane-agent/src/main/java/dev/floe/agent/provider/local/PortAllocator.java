package dev.floe.agent.provider.local;

import dev.floe.agent.state.StateDirectory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

/**
 * Hands out loopback ports by key ("s3", "postgres", "broker/{cluster}/{node}") and remembers them in the state
 * directory, so a restarted agent finds its services where it left them and never gives one port out twice.
 */
final class PortAllocator {

    private static final String FILE = "local/ports.json";

    private final StateDirectory state;

    PortAllocator(StateDirectory state) {
        this.state = state;
    }

    record Allocations(Map<String, Integer> ports) {
    }

    synchronized int portFor(String key) {
        Map<String, Integer> ports = load();
        Integer existing = ports.get(key);
        if (existing != null) {
            return existing;
        }
        for (int attempt = 0; attempt < 50; attempt++) {
            int candidate = freePort();
            if (!ports.containsValue(candidate)) {
                ports.put(key, candidate);
                state.write(FILE, new Allocations(ports));
                return candidate;
            }
        }
        throw new IllegalStateException("no free loopback port found for " + key);
    }

    synchronized void release(String key) {
        Map<String, Integer> ports = load();
        if (ports.remove(key) != null) {
            state.write(FILE, new Allocations(ports));
        }
    }

    private Map<String, Integer> load() {
        return new HashMap<>(state.read(FILE, Allocations.class).map(Allocations::ports).orElse(Map.of()));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot probe for a free port", e);
        }
    }
}
