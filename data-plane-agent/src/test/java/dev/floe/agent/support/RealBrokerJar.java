package dev.floe.agent.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.floe.agent.provider.local.LocalProvider;
import dev.floe.agent.state.StateDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** A local provider that launches the real broker jar, built by the broker module before this one. */
public final class RealBrokerJar {

    private RealBrokerJar() {
    }

    /** Skips the calling test when the jar is not built (a `-pl data-plane-agent` build without `-am`). */
    public static LocalProvider localProvider(StateDirectory state) {
        return new LocalProvider(state, jar(), null, "-Xmx256m", "127.0.0.1", Duration.ofSeconds(20));
    }

    /**
     * Brokers that also get these environment variables (broker settings beyond the launch contract, such as
     * {@code FLOE_LEASE_MS}), through a {@code java} launcher script that exports them.
     */
    public static LocalProvider localProvider(StateDirectory state, Map<String, String> brokerSettings) {
        Path launcher = state.resolve("java-with-settings");
        String exports = brokerSettings.entrySet().stream()
                .map(e -> "export " + e.getKey() + "='" + e.getValue() + "'").collect(Collectors.joining("\n"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            Files.writeString(launcher, "#!/bin/sh\n" + exports + "\nexec '" + java + "' \"$@\"\n");
            Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LocalProvider(state, jar(), launcher.toString(), "-Xmx256m", "127.0.0.1", Duration.ofSeconds(20));
    }

    private static Path jar() {
        Path jar = Path.of(System.getProperty("floe.broker.jar", "../broker/target/floe-broker.jar"));
        assumeTrue(Files.isRegularFile(jar), "the broker jar is built by the broker module first: " + jar);
        return jar;
    }
}
