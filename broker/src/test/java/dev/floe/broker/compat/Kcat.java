package dev.floe.broker.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** kcat (librdkafka) run as a separate process against the broker. */
final class Kcat {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrap;

    Kcat(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    static boolean installed() {
        return ExternalCommand.installed("kcat", "-V");
    }

    /**
     * Produces one record per {@code key:value} line, every record with the given headers, and
     * fails unless kcat reports every record delivered (librdkafka's default acks is all).
     */
    void produce(String topic, List<String> keyValueLines, Map<String, String> headers, String... config) {
        List<String> command = new ArrayList<>(List.of("kcat", "-P", "-b", bootstrap, "-t", topic, "-K", ":"));
        headers.forEach((name, value) -> command.addAll(List.of("-H", name + "=" + value)));
        for (String setting : config) {
            command.addAll(List.of("-X", setting));
        }
        CommandResult result = ExternalCommand.run(command, Path.of("."), String.join("\n", keyValueLines) + "\n", TIMEOUT);
        assertThat(result.exitCode()).as(result::describe).isZero();
        assertThat(result.stderr()).as(result::describe).doesNotContain("Delivery failed");
    }

    /** Reads every partition from the beginning to its current end, without a consumer group. */
    List<ConsumedMessage> readFromBeginning(String topic) {
        return consume(List.of("kcat", "-C", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e", "-q",
                "-f", ConsumedMessage.KCAT_FORMAT));
    }

    /**
     * Joins {@code group}, reads from its committed offsets (the beginning for a new group) to the
     * end of every assigned partition, then leaves, committing what it read.
     */
    List<ConsumedMessage> readAsGroup(String group, String topic) {
        return consume(List.of("kcat", "-b", bootstrap, "-G", group, topic, "-e", "-q",
                "-X", "auto.offset.reset=earliest", "-f", ConsumedMessage.KCAT_FORMAT));
    }

    private static List<ConsumedMessage> consume(List<String> command) {
        CommandResult result = ExternalCommand.run(command, Path.of("."), null, TIMEOUT);
        assertThat(result.exitCode()).as(result::describe).isZero();
        return ConsumedMessage.parseAll(result.stdoutLines());
    }
}
