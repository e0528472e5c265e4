package dev.floe.broker.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private static final Map<String, String> REQUIRED = Map.of("FLOE_CATALOG_JDBC_URL", "jdbc:postgresql://db/c");

    @Test
    void environmentVariablesOverrideTheFile() throws Exception {
        Path file = dir.resolve("broker.properties");
        Files.writeString(file, "node.id=4\nlistener=0.0.0.0:9093\nzone=zone-b\n");
        BrokerConfig c = ConfigLoader.build(ConfigLoader.read(file, Map.of(
                "FLOE_CATALOG_JDBC_URL", "jdbc:postgresql://db/c", "FLOE_ZONE", "zone-c", "FLOE_ADVERTISED_LISTENER", "10.0.0.5:19093")));
        assertThat(c.nodeId()).isEqualTo(4);
        assertThat(c.listenerPort()).isEqualTo(9093);
        assertThat(c.zone()).isEqualTo("zone-c");
        assertThat(c.advertisedAddress()).isEqualTo("10.0.0.5:19093");
        assertThat(c.s3Endpoint()).isNull();
    }

    @Test
    void aWildcardListenerIsAdvertisedOnLoopbackByDefault() {
        BrokerConfig c = ConfigLoader.build(ConfigLoader.read(null, REQUIRED));
        assertThat(c.advertisedAddress()).isEqualTo("127.0.0.1:9092");
    }

    @Test
    void badInputNamesTheKey() throws Exception {
        Path file = dir.resolve("broker.properties");
        Files.writeString(file, "node.idd=4\n");
        assertThatThrownBy(() -> ConfigLoader.read(file, REQUIRED)).hasMessageContaining("node.idd");
        assertThatThrownBy(() -> ConfigLoader.build(ConfigLoader.read(null, Map.of("FLOE_CATALOG_JDBC_URL", "x", "FLOE_WAL_SIZE_BYTES", "big"))))
                .hasMessageContaining("wal.size.bytes");
        assertThatThrownBy(() -> ConfigLoader.build(ConfigLoader.read(null, Map.of())))
                .hasMessageContaining("catalog.jdbc.url").hasMessageContaining("FLOE_CATALOG_JDBC_URL");
        assertThatThrownBy(() -> ConfigLoader.build(ConfigLoader.read(null, Map.of("FLOE_CATALOG_JDBC_URL", "x", "FLOE_LISTENER", "nohost"))))
                .hasMessageContaining("listener");
        assertThatThrownBy(() -> ConfigLoader.build(ConfigLoader.read(null, Map.of("FLOE_CATALOG_JDBC_URL", "x", "FLOE_UNUPLOADED_MAX_BYTES", "1000"))))
                .hasMessageContaining("unuploaded.max.bytes").hasMessageContaining("at least");
    }

    @Test
    void memoryDefaultsTakeSharesOfTheHeap() {
        BrokerConfig config = ConfigLoader.build(ConfigLoader.read(null, Map.of("FLOE_CATALOG_JDBC_URL", "x")));
        long heap = Runtime.getRuntime().maxMemory();
        assertThat(config.cacheBytes() + config.blockCacheBytes()).isLessThanOrEqualTo(heap * 3 / 8);
        assertThat(config.unuploadedMaxBytes()).isGreaterThanOrEqualTo(64L << 20);
    }
}
