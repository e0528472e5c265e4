package dev.floe.agent.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.floe.agent.provider.local.LocalProvider;
import dev.floe.agent.state.StateDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A local provider that launches the real broker jar, built by the broker module before this one. */
public final class RealBrokerJar {

    private RealBrokerJar() {
    }

    /** Skips the calling test when the jar is not built (a `-pl data-plane-agent` build without `-am`). */
    public static LocalProvider localProvider(StateDirectory state) {
        Path jar = Path.of(System.getProperty("floe.broker.jar", "../broker/target/floe-broker.jar"));
        assumeTrue(Files.isRegularFile(jar), "the broker jar is built by the broker module first: " + jar);
        return new LocalProvider(state, jar, null, "-Xmx256m", "127.0.0.1", Duration.ofSeconds(20));
    }
}
