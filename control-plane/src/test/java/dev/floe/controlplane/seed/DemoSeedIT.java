package dev.floe.controlplane.seed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.controlplane.cluster.Clusters;
import dev.floe.controlplane.environment.EnvironmentRepository;
import dev.floe.controlplane.environment.Environments;
import dev.floe.controlplane.support.ControlPlaneIT;
import dev.floe.controlplane.support.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.transaction.support.TransactionTemplate;

class DemoSeedIT extends ControlPlaneIT {

    @Autowired
    Environments environments;
    @Autowired
    EnvironmentRepository environmentRepository;
    @Autowired
    Clusters clusters;
    @Autowired
    TransactionTemplate transactions;

    @TempDir
    Path out;

    @Test
    void seedsTheDemoEnvironmentAndClusterOnceAndATokenOnlyWhileNoAgentCouldUseTheOldOne() throws IOException {
        String name = unique("demo");
        DemoSeed seed = new DemoSeed(new SeedProperties(name, "demo", "standard", 3, out), environments,
                environmentRepository, clusters, jdbc, transactions);

        seed.run(new DefaultApplicationArguments());
        String environmentId = read("environment-id");
        String clusterId = read("cluster-id");
        String token = read("bootstrap-token");
        assertThat(Files.getPosixFilePermissions(out.resolve("bootstrap-token")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(admin().get("/api/v1/clusters/" + clusterId).json().at("/spec/brokerCount").asInt()).isEqualTo(3);

        seed.run(new DefaultApplicationArguments());
        assertThat(read("environment-id")).isEqualTo(environmentId);
        assertThat(read("cluster-id")).isEqualTo(clusterId);
        assertThat(read("bootstrap-token")).as("the unused token is kept").isEqualTo(token);

        Files.delete(out.resolve("bootstrap-token"));
        seed.run(new DefaultApplicationArguments());
        String fresh = read("bootstrap-token");
        assertThat(fresh).isNotEqualTo(token);

        fixtures().agent(new Fixtures.CreatedEnvironment(environmentId, fresh));
        Files.delete(out.resolve("bootstrap-token"));
        seed.run(new DefaultApplicationArguments());
        assertThat(out.resolve("bootstrap-token")).as("an environment with an agent needs no token").doesNotExist();
        assertThat(admin().get("/api/v1/clusters?environmentId=" + environmentId).json().get("totalItems").asInt())
                .isEqualTo(1);
    }

    private String read(String file) throws IOException {
        return Files.readString(out.resolve(file)).trim();
    }
}
