package dev.floe.broker.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drains a child process's output on a daemon thread (a full pipe would stall the child), appends
 * it to a log file for whoever debugs a failure (a restarted broker adds to its earlier log), and
 * lets a test wait for a given line.
 */
final class ProcessOutput {

    private final List<String> lines = new ArrayList<>();
    private boolean closed;

    private ProcessOutput() {
    }

    static ProcessOutput drain(InputStream stream, Path logFile, String threadName) {
        ProcessOutput output = new ProcessOutput();
        Thread thread = new Thread(() -> output.copy(stream, logFile), threadName);
        thread.setDaemon(true);
        thread.start();
        return output;
    }

    private void copy(InputStream stream, Path logFile) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
             Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                     StandardOpenOption.APPEND)) {
            String line;
            while ((line = reader.readLine()) != null) {
                log.write(line);
                log.write('\n');
                log.flush();
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // Destroying the process closes the pipe under the reader: its output ends here.
            synchronized (this) {
                lines.add("(output ended: " + e.getMessage() + ")");
            }
        } finally {
            synchronized (this) {
                closed = true;
                notifyAll();
            }
        }
    }

    /**
     * Waits for the first line matching {@code pattern}; empty if the stream ended, {@code alive}
     * turned false or the time ran out first.
     */
    synchronized Optional<Matcher> awaitLine(Pattern pattern, Duration timeout, BooleanSupplier alive)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < lines.size(); checked++) {
                Matcher matcher = pattern.matcher(lines.get(checked));
                if (matcher.find()) {
                    return Optional.of(matcher);
                }
            }
            long left = deadline - System.nanoTime();
            if (closed || left <= 0 || !alive.getAsBoolean()) {
                return Optional.empty();
            }
            wait(Math.min(Duration.ofNanos(left).toMillis() + 1, 200));
        }
    }

    synchronized String tail(int count) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }
}
