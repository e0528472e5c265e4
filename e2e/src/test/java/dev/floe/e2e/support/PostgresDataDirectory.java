package dev.floe.e2e.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Stops a PostgreSQL server left running on a data directory, by the pid in its {@code postmaster.pid}. */
final class PostgresDataDirectory {

    private PostgresDataDirectory() {
    }

    static void stop(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            ProcessHandle.of(pid).ifPresent(server -> {
                try {
                    // SIGINT is PostgreSQL's fast shutdown: sessions end, committed data is safe
                    new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor();
                    server.onExit().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    server.destroyForcibly();
                }
            });
        } catch (IOException | RuntimeException e) {
            // best effort in teardown: a leftover server only costs memory until the machine is recycled
        }
    }
}
