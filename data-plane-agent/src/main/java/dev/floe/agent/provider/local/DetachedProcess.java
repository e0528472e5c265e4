package dev.floe.agent.provider.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Processes that outlive the agent: started in their own session ({@code setsid}) with output to a log file and
 * stdin from /dev/null, so neither a SIGKILL of the agent nor a closed terminal takes them down. A pid file names
 * them; a marker in their environment proves a pid still belongs to them (pids get reused).
 */
final class DetachedProcess {

    static final String MARKER_VARIABLE = "FLOE_PROCESS_KEY";

    private DetachedProcess() {
    }

    static ProcessHandle start(List<String> command, Map<String, String> environment, String marker, Path workDir,
            Path logFile, Path pidFile) {
        try {
            Files.createDirectories(workDir);
            if (Files.exists(logFile)) {
                Files.move(logFile, logFile.resolveSibling(logFile.getFileName() + ".1"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> full = new ArrayList<>();
            if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
                full.add("/usr/bin/setsid");
            }
            full.addAll(command);
            ProcessBuilder builder = new ProcessBuilder(full)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(environment);
            builder.environment().put(MARKER_VARIABLE, marker);
            // setsid execs in place (our child is never a group leader), so this pid is the process itself.
            Process process = builder.start();
            writePid(pidFile, process.pid());
            return process.toHandle();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /**
     * The live process the pid file names, if it is still ours. Without a valid pid file (the agent died between
     * starting the process and writing the file) the process table is searched for the marker, and the pid file
     * repaired, so such a process is adopted instead of started twice.
     */
    static Optional<ProcessHandle> find(Path pidFile, String marker) {
        if (Files.exists(pidFile)) {
            try {
                long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
                Optional<ProcessHandle> named = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                        .filter(p -> carriesMarker(pid, marker));
                if (named.isPresent()) {
                    return named;
                }
            } catch (IOException | NumberFormatException e) {
                // fall through to the search
            }
        }
        Optional<ProcessHandle> found = ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> carriesMarker(p.pid(), marker))
                .filter(ProcessHandle::isAlive)
                .findFirst();
        found.ifPresent(p -> writePid(pidFile, p.pid()));
        return found;
    }

    private static void writePid(Path pidFile, long pid) {
        try {
            Files.createDirectories(pidFile.getParent());
            Path tmp = pidFile.resolveSibling(pidFile.getFileName() + ".tmp");
            Files.writeString(tmp, Long.toString(pid), StandardCharsets.US_ASCII);
            Files.move(tmp, pidFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + pidFile, e);
        }
    }

    /** SIGTERM, then SIGKILL after {@code grace}; also kills what the process itself started. */
    static void stop(ProcessHandle process, Duration grace) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            process.onExit().get(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception timeoutOrInterrupt) {
            process.destroyForcibly();
            try {
                process.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the kernel will deliver SIGKILL; nothing more we can do
            }
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private static boolean carriesMarker(long pid, String marker) {
        // no /proc (not Linux) or not ours to read: do not claim it
        return environment(pid).map(env -> marker.equals(env.get(MARKER_VARIABLE))).orElse(false);
    }

    /** The environment a live process was started with; empty when it cannot be read (gone, or not ours). */
    static Optional<Map<String, String>> environment(long pid) {
        try {
            byte[] environ = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
            Map<String, String> env = new HashMap<>();
            for (String entry : new String(environ, StandardCharsets.UTF_8).split("\0")) {
                int eq = entry.indexOf('=');
                if (eq > 0) {
                    env.put(entry.substring(0, eq), entry.substring(eq + 1));
                }
            }
            return Optional.of(env);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
