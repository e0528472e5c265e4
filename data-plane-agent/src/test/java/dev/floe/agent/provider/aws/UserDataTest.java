package dev.floe.agent.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.agent.provider.BrokerIdentity;
import dev.floe.agent.provider.BrokerLaunch;
import dev.floe.agent.provider.BrokerSpec;
import dev.floe.agent.provider.BucketInfo;
import dev.floe.agent.provider.CatalogConnection;
import dev.floe.agent.provider.Volume;
import dev.floe.agent.provider.VolumeSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserDataTest {

    private static BrokerLaunch launch(String password) {
        VolumeSpec volume = new VolumeSpec("floe-c-wal-2", "c-1", 2, "zone-b", "subnet-b", 20, "gp3", Map.of());
        BrokerSpec broker = new BrokerSpec("c-1", 2, "zone-b", "subnet-b", "m7g.large", 9092, volume, Map.of(), false,
                86400000L);
        return new BrokerLaunch(broker, new Volume("vol-0abc", "floe-c-wal-2", "c-1", 2, "zone-b", null, "vol-0abc"),
                new BucketInfo("floe-demo-c1", null, "eu-west-1"),
                new CatalogConnection("jdbc:postgresql://db:5432/floe_c1", "floe", password),
                new BrokerIdentity("arn:aws:iam::1:role/floe/x", "floe-broker-c1", null, null));
    }

    @Test
    void startsTheBrokerWithTheLaunchContractOnItsOwnWalVolume() {
        String script = UserData.script(launch("pw"), "vol-0abc", "https://artifacts.example/floe-broker.jar");
        assertThat(script).startsWith("#!/bin/bash")
                .contains("nvme-Amazon_Elastic_Block_Store_vol0abc")
                .contains("FLOE_BROKER_NODE_ID='2'")
                .contains("FLOE_CLUSTER_ID='c-1'")
                .contains("FLOE_LISTENER='0.0.0.0:9092'")
                .contains("FLOE_WAL_DIR='/var/lib/floe/wal'")
                .contains("FLOE_WAL_SIZE_BYTES='" + (20L << 30) / 10 * 9 + "'")
                .contains("FLOE_S3_BUCKET='floe-demo-c1'")
                .contains("FLOE_S3_REGION='eu-west-1'")
                .contains("FLOE_CATALOG_JDBC_URL='jdbc:postgresql://db:5432/floe_c1'")
                .contains("FLOE_ADVERTISED_LISTENER=$IP:9092")
                .contains("curl -fsSL --retry 10 -o /opt/floe/floe-broker.jar 'https://artifacts.example/floe-broker.jar'")
                .contains("FLOE_AUTO_CREATE_TOPICS='false'")
                .contains("FLOE_RETENTION_MS='86400000'")
                .contains("systemctl enable --now floe-broker");
    }

    @Test
    void quotesValuesSoAPasswordCannotBreakOutOfTheEnvironmentFile() {
        String script = UserData.script(launch("it's$(reboot)"), "vol-0abc", "https://a/b.jar");
        assertThat(script).contains("FLOE_CATALOG_PASSWORD='it'\\''s$(reboot)'");
    }
}
