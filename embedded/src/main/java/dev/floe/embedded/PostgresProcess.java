package dev.floe.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs PostgreSQL's command-line programs, as an unprivileged identity when this JVM runs as root. */
final class PostgresProcess {

    private static final int TAIL_BYTES = 4096;

    private final Path binaries;

    PostgresProcess(Path binaries) {
        this.binaries = binaries;
    }

    /** Runs a program to completion and returns its output; fails with that output when it exits non-zero. */
    String run(Path logFile, String program, String... args) {
        List<String> command = command(program, args);
        try {
            Files.createDirectories(logFile.getParent());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(program + " did not finish within 120 s; see " + logFile);
            }
            String log = tail(logFile);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(program + " failed (exit " + process.exitValue() + "): " + log);
            }
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + program, e);
        }
    }

    private List<String> command(String program, String... args) {
        List<String> command = new ArrayList<>();
        // PostgreSQL refuses to run as root. A user namespace with no mapping makes the process see itself as
        // "nobody" while the kernel still lets it own the root-owned data files, so no extra account is needed.
        if (RunningUser.isRoot()) {
            command.add("unshare");
            command.add("--user");
        }
        command.add(binaries.resolve("bin").resolve(program).toString());
        command.addAll(List.of(args));
        return command;
    }

    /** The end of the log, where the program's own complaint is; the server's log before it can be long. */
    private static String tail(Path logFile) throws IOException {
        try (FileChannel channel = FileChannel.open(logFile, StandardOpenOption.READ)) {
            long start = Math.max(0, channel.size() - TAIL_BYTES);
            ByteBuffer buffer = ByteBuffer.allocate((int) (channel.size() - start));
            channel.read(buffer, start);
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        }
    }
}
