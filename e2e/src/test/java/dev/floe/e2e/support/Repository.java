package dev.floe.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/** Where the packaged jars of the other modules are, relative to this module (Failsafe runs in the module dir). */
public final class Repository {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private Repository() {
    }

    public static Path controlPlaneJar() {
        return existing(ROOT.resolve("control-plane/target/floe-control-plane-0.1.0-SNAPSHOT-exec.jar"));
    }

    public static Path agentJar() {
        return existing(ROOT.resolve("data-plane-agent/target/floe-agent.jar"));
    }

    public static Path brokerJar() {
        return existing(ROOT.resolve("broker/target/floe-broker.jar"));
    }

    private static Path existing(Path jar) {
        assertThat(jar).as("packaged jar (`./mvnw verify` packages every module before the e2e tests)").exists();
        return jar;
    }
}
