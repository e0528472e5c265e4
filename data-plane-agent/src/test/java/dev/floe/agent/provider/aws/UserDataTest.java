package dev.floe.agent.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.agent.provider.BrokerIdentity;
import dev.floe.agent.provider.BrokerLaunch;
import dev.floe.agent.provider.BrokerSpec;
import dev.floe.agent.provider.BucketInfo;
import dev.floe.agent.provider.CatalogConnection;
import dev.floe.agent.provider.Volume;
import dev.floe.agent.provider.VolumeSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserDataTest {

    @TempDir
    Path dir;

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
    void givesTheBrokerItsInstanceIdAsLaunchIdReadWithTheImdsV2Token() {
        String script = UserData.script(launch("pw"), "vol-0abc", "https://a/b.jar");
        String token = "TOKEN=$(curl -fsS -X PUT -H \"X-aws-ec2-metadata-token-ttl-seconds: 60\" "
                + "http://169.254.169.254/latest/api/token)";
        String read = "INSTANCE_ID=$(curl -fsS -H \"X-aws-ec2-metadata-token: $TOKEN\" "
                + "http://169.254.169.254/latest/meta-data/instance-id)";
        String export = "echo \"FLOE_LAUNCH_ID=$INSTANCE_ID\" >> /etc/floe/broker.env";
        assertThat(script).contains(token, read, export);
        assertThat(script.indexOf(token)).isLessThan(script.indexOf(read));
        assertThat(script.indexOf(read)).isLessThan(script.indexOf(export));
        // into the file the unit reads, after it was written and before the broker starts
        assertThat(script.indexOf("cat > /etc/floe/broker.env")).isLessThan(script.indexOf(export));
        assertThat(script.indexOf(export)).isLessThan(script.indexOf("systemctl enable --now floe-broker"));
    }

    @Test
    void systemdRestartsACrashedBrokerForeverButNotAFencedOne() {
        String script = UserData.script(launch("pw"), "vol-0abc", "https://a/b.jar");
        String unit = script.substring(script.indexOf("<<'FLOE_UNIT'\n"), script.indexOf("\nFLOE_UNIT\n"));
        assertThat(unit.lines()).contains("Restart=always", "RestartSec=2", "StartLimitIntervalSec=0", "RestartPreventExitStatus=75");
    }

    @Test
    void quotesValuesSoAPasswordCannotBreakOutOfTheEnvironmentFile() {
        String script = UserData.script(launch("it's$(reboot)"), "vol-0abc", "https://a/b.jar");
        assertThat(script).contains("FLOE_CATALOG_PASSWORD='it'\\''s$(reboot)'");
    }

    @Test
    void mountsARecoveryVolumeWhereTheAgentSaysTheWalIs() {
        String script = UserData.script(launch("pw"), "vol-0abc", "https://a/b.jar");
        // The agent returns this path for a moved volume; the helper mounts that very volume there.
        assertThat(UserData.recoveryWalDir("vol-0def")).isEqualTo("/var/lib/floe/recovery/vol-0def");
        assertThat(script)
                .contains("ENV{SYSTEMD_WANTS}+=\"floe-recovery-volume@%k.service\"")
                .contains("ATTRS{model}==\"Amazon Elastic Block Store\"")
                .contains("volume=\"vol-${serial#vol}\"")
                .contains("dir=/var/lib/floe/recovery/$volume")
                .contains("mount -t xfs \"$dev\" \"$dir\"")
                .contains("BindsTo=dev-%i.device")
                .contains("ExecStop=/usr/local/sbin/floe-recovery-volume unmount %i")
                .contains("umount -l \"$dir\"");
        // Ready before the broker starts, i.e. before the controller can pick it as a move's target.
        assertThat(script.indexOf("90-floe-recovery-volume.rules"))
                .isLessThan(script.indexOf("systemctl enable --now floe-broker"));
    }

    @Test
    void leavesItsOwnWalVolumeToTheBootScript() {
        String helper = recoveryHelper(UserData.script(launch("pw"), "vol-0abc", "https://a/b.jar"));
        assertThat(helper.lines().filter(line -> line.startsWith("if [ \"$volume\" = \"vol-0abc\" ]; then")))
                .singleElement().asString().endsWith("exit 0; fi");
    }

    @Test
    void formatsOnlyItsOwnBlankVolumeAndNeverARecoveryVolume() {
        String script = UserData.script(launch("pw"), "vol-0abc", "https://a/b.jar");
        assertThat(Pattern.compile("mkfs").matcher(script).results().count()).isEqualTo(1);
        assertThat(script).contains("blkid \"$DEV\" >/dev/null || mkfs.xfs \"$DEV\"");
        assertThat(recoveryHelper(script)).doesNotContain("mkfs");
    }

    @Test
    void scriptAndRecoveryHelperAreValidBash() throws Exception {
        String script = UserData.script(launch("it's$(reboot)"), "vol-0abc", "https://a/b.jar");
        assertThat(bashSyntaxErrors(script)).isEmpty();
        assertThat(bashSyntaxErrors(recoveryHelper(script))).isEmpty();
    }

    private static String recoveryHelper(String script) {
        int start = script.indexOf("<<'FLOE_HELPER'\n") + "<<'FLOE_HELPER'\n".length();
        return script.substring(start, script.indexOf("\nFLOE_HELPER\n", start) + 1);
    }

    /** {@code bash -n}: parses without running anything; a warning (an unterminated here-document) counts too. */
    private String bashSyntaxErrors(String script) throws IOException, InterruptedException {
        Path file = Files.createTempFile(dir, "script", ".sh");
        Files.writeString(file, script);
        Process bash = new ProcessBuilder("bash", "-n", file.toString()).redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = bash.waitFor();
        return exit == 0 && output.isEmpty() ? "" : "bash -n exited " + exit + ": " + output;
    }
}
