package dev.floe.broker.compat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a client (kcat, node) as a separate process, bounded in time: a client that hangs is
 * killed, with its children, and reported with exit code -1 rather than hanging the build.
 */
final class ExternalCommand {

    private ExternalCommand() {
    }

    static CommandResult run(List<String> command, Path workingDir, String stdin, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(command).directory(workingDir.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The client closed its input early; its exit code and stderr will tell why.
        }
        int exitCode;
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                exitCode = process.exitValue();
            } else {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                exitCode = -1;
            }
            return new CommandResult(command, exitCode,
                    stdout.get(10, TimeUnit.SECONDS), stderr.get(10, TimeUnit.SECONDS)
                            + (exitCode == -1 ? "\n[killed after " + timeout + "]" : ""));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running " + command, e);
        } catch (Exception e) {
            throw new IllegalStateException("could not collect the output of " + command, e);
        }
    }

    private static String readAll(InputStream stream) {
        try (stream) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            stream.transferTo(buffer);
            return buffer.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when {@code program} is on the PATH and runs. */
    static boolean installed(String program, String versionFlag) {
        try {
            Process process = new ProcessBuilder(program, versionFlag).redirectErrorStream(true).start();
            process.getInputStream().transferTo(OutputStream.nullOutputStream());
            return process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
