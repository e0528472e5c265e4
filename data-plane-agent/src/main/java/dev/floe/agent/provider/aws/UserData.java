package dev.floe.agent.provider.aws;

import dev.floe.agent.provider.BrokerLaunch;
import dev.floe.agent.provider.BrokerSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cloud-init script a broker instance boots with: install Java, wait for the WAL volume the agent attaches,
 * format it once, mount it, fetch the broker jar and run it under systemd with the broker launch contract as its
 * environment. Pure, so it is unit tested.
 */
final class UserData {

    static final String WAL_MOUNT = "/var/lib/floe/wal";

    private UserData() {
    }

    static String script(BrokerLaunch launch, String volumeId, String brokerArtifactUrl) {
        BrokerSpec spec = launch.broker();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FLOE_BROKER_NODE_ID", Integer.toString(spec.nodeId()));
        env.put("FLOE_CLUSTER_ID", spec.clusterId());
        env.put("FLOE_LISTENER", "0.0.0.0:" + spec.listenerPort());
        env.put("FLOE_ZONE", spec.zone());
        env.put("FLOE_WAL_DIR", WAL_MOUNT);
        env.put("FLOE_WAL_VOLUME_ID", launch.volume().id());
        env.put("FLOE_WAL_SIZE_BYTES", Long.toString(spec.volume().walFileBytes()));
        env.put("FLOE_S3_ENDPOINT", launch.bucket().endpoint() == null ? "" : launch.bucket().endpoint());
        env.put("FLOE_S3_REGION", launch.bucket().region());
        env.put("FLOE_S3_BUCKET", launch.bucket().name());
        // No static keys on AWS: the broker's instance profile grants access to its bucket only.
        env.put("FLOE_S3_ACCESS_KEY", "");
        env.put("FLOE_S3_SECRET_KEY", "");
        env.put("FLOE_CATALOG_JDBC_URL", launch.catalog().jdbcUrl());
        env.put("FLOE_CATALOG_USER", launch.catalog().username() == null ? "" : launch.catalog().username());
        env.put("FLOE_CATALOG_PASSWORD", launch.catalog().password() == null ? "" : launch.catalog().password());
        env.putAll(spec.settings());

        StringBuilder envFile = new StringBuilder();
        env.forEach((k, v) -> envFile.append(k).append("='").append(v.replace("'", "'\\''")).append("'\n"));
        String nvmeId = "nvme-Amazon_Elastic_Block_Store_" + volumeId.replace("-", "");
        return """
                #!/bin/bash
                # Floe broker bootstrap, written by the data-plane agent.
                set -euo pipefail
                dnf install -y java-17-amazon-corretto-headless xfsprogs || yum install -y java-17-amazon-corretto-headless xfsprogs
                # The agent attaches the WAL volume right after launch; wait for it (Nitro shows it as NVMe).
                DEV=""
                for i in $(seq 1 180); do
                  for candidate in /dev/disk/by-id/%s /dev/sdf /dev/xvdf; do
                    if [ -b "$candidate" ]; then DEV=$(readlink -f "$candidate"); break 2; fi
                  done
                  sleep 2
                done
                [ -n "$DEV" ] || { echo "WAL volume %s never appeared" >&2; exit 1; }
                blkid "$DEV" >/dev/null || mkfs.xfs "$DEV"
                mkdir -p %s
                grep -q " %s " /etc/fstab || echo "UUID=$(blkid -s UUID -o value "$DEV") %s xfs defaults,nofail 0 2" >> /etc/fstab
                mountpoint -q %s || mount %s
                mkdir -p /opt/floe /etc/floe
                curl -fsSL --retry 10 -o /opt/floe/floe-broker.jar '%s'
                TOKEN=$(curl -fsS -X PUT -H "X-aws-ec2-metadata-token-ttl-seconds: 60" http://169.254.169.254/latest/api/token)
                IP=$(curl -fsS -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/local-ipv4)
                cat > /etc/floe/broker.env <<'FLOE_ENV'
                %sFLOE_ENV
                echo "FLOE_ADVERTISED_LISTENER=$IP:%d" >> /etc/floe/broker.env
                chmod 600 /etc/floe/broker.env
                cat > /etc/systemd/system/floe-broker.service <<'FLOE_UNIT'
                [Unit]
                Description=Floe broker
                After=network-online.target
                [Service]
                EnvironmentFile=/etc/floe/broker.env
                ExecStart=/usr/bin/java -jar /opt/floe/floe-broker.jar
                Restart=always
                LimitNOFILE=1048576
                [Install]
                WantedBy=multi-user.target
                FLOE_UNIT
                systemctl daemon-reload
                systemctl enable --now floe-broker
                """.formatted(nvmeId, volumeId, WAL_MOUNT, WAL_MOUNT, WAL_MOUNT, WAL_MOUNT, WAL_MOUNT,
                brokerArtifactUrl, envFile, spec.listenerPort());
    }
}
