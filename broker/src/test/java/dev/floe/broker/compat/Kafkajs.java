package dev.floe.broker.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.broker.it.BrokerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * kafkajs run by Node as a separate process: the npm project in {@code src/test/js} is copied to
 * {@code target/} and installed there with {@code npm ci} (exact versions from its lock file), so
 * the source tree never gets a {@code node_modules}.
 */
final class Kafkajs {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> PROJECT_FILES = List.of("package.json", "package-lock.json", "kafkajs-client.js");
    private static Path projectDir;

    private final String bootstrap;

    Kafkajs(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    static boolean installed() {
        return ExternalCommand.installed("node", "--version") && ExternalCommand.installed("npm", "--version");
    }

    private static synchronized Path project() throws IOException {
        if (projectDir == null) {
            Path source = BrokerProcess.moduleDir().resolve("src/test/js");
            Path target = Files.createDirectories(BrokerProcess.moduleDir().resolve("target/kafkajs-compat"));
            for (String file : PROJECT_FILES) {
                Files.copy(source.resolve(file), target.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
            CommandResult install = ExternalCommand.run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"),
                    target, null, Duration.ofMinutes(3));
            assertThat(install.exitCode()).as(install::describe).isZero();
            projectDir = target;
        }
        return projectDir;
    }

    /**
     * Produces {@code count} records with keys {@code prefix-0..9}, values {@code prefix-value-i}
     * and headers {@code origin=kafkajs, seq=i}, with acks=all; fails unless all were acknowledged.
     */
    void produce(String topic, int count, String prefix) throws IOException {
        CommandResult result = node("produce", "--bootstrap", bootstrap, "--topic", topic,
                "--count", Integer.toString(count), "--key-prefix", prefix);
        assertThat(result.exitCode()).as(result::describe).isZero();
        assertThat(result.stdoutLines()).as(result::describe).containsExactly("produced " + count);
    }

    /** What {@link #produce} writes, in the order it sends it. */
    static List<ConsumedMessage.Content> produced(int count, String prefix) {
        return IntStream.range(0, count)
                .mapToObj(i -> new ConsumedMessage.Content(prefix + "-" + (i % 10), prefix + "-value-" + i,
                        Map.of("origin", "kafkajs", "seq", Integer.toString(i))))
                .toList();
    }

    /**
     * Joins {@code group} (from the beginning when it has no committed offsets), returns once
     * {@code count} records arrived, after committing its position and leaving the group.
     */
    List<ConsumedMessage> consumeAsGroup(String topic, String group, int count) throws IOException {
        CommandResult result = node("consume", "--bootstrap", bootstrap, "--topic", topic, "--group", group,
                "--count", Integer.toString(count), "--timeout-ms", "45000");
        assertThat(result.exitCode()).as(result::describe).isZero();
        return ConsumedMessage.parseAll(result.stdoutLines());
    }

    private static CommandResult node(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("node", "kafkajs-client.js"));
        command.addAll(List.of(args));
        return ExternalCommand.run(command, project(), null, TIMEOUT);
    }
}
