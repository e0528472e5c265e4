package dev.floe.agent.provider.aws;

import dev.floe.agent.provider.BrokerLaunch;
import dev.floe.agent.provider.BrokerSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cloud-init script a broker instance boots with: install Java, wait for the WAL volume the agent attaches,
 * format it if blank, mount it, be ready to mount a dead broker's WAL volume attached later for recovery, fetch the
 * broker jar and run it under systemd with the broker launch contract as its environment. Pure, so it is unit tested.
 */
final class UserData {

    static final String WAL_MOUNT = "/var/lib/floe/wal";
    static final String RECOVERY_ROOT = "/var/lib/floe/recovery";
    /** How a broker process ends when it finds itself fenced (the broker's {@code Membership.FENCED_EXIT_CODE}). */
    static final int FENCED_EXIT_STATUS = 75;

    private UserData() {
    }

    /**
     * Where a broker finds the WAL of a volume attached to its instance for recovery: the volume's mount point, since
     * a broker keeps its WAL at the root of its own volume ({@link #WAL_MOUNT}). Named by the volume id, so the path
     * can only ever hold that volume.
     */
    static String recoveryWalDir(String volumeId) {
        return RECOVERY_ROOT + "/" + volumeId;
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
                %s
                mkdir -p /opt/floe /etc/floe
                curl -fsSL --retry 10 -o /opt/floe/floe-broker.jar '%s'
                TOKEN=$(curl -fsS -X PUT -H "X-aws-ec2-metadata-token-ttl-seconds: 60" http://169.254.169.254/latest/api/token)
                IP=$(curl -fsS -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/local-ipv4)
                INSTANCE_ID=$(curl -fsS -H "X-aws-ec2-metadata-token: $TOKEN" http://169.254.169.254/latest/meta-data/instance-id)
                cat > /etc/floe/broker.env <<'FLOE_ENV'
                %sFLOE_ENV
                echo "FLOE_ADVERTISED_LISTENER=$IP:%d" >> /etc/floe/broker.env
                # The launch id is the instance: once EC2 reports it stopped or terminated, the agent fences this broker
                # at once instead of waiting for its lease (docs/failover.md).
                echo "FLOE_LAUNCH_ID=$INSTANCE_ID" >> /etc/floe/broker.env
                chmod 600 /etc/floe/broker.env
                cat > /etc/systemd/system/floe-broker.service <<'FLOE_UNIT'
                [Unit]
                Description=Floe broker
                After=network-online.target
                # Keep trying through an outage (say, the catalog unreachable) instead of giving up after 5 starts.
                StartLimitIntervalSec=0
                [Service]
                EnvironmentFile=/etc/floe/broker.env
                ExecStart=/usr/bin/java -jar /opt/floe/floe-broker.jar
                Restart=always
                RestartSec=2
                # 75: the broker was fenced. Its WAL volume is on its way to another broker, so it must not come back
                # here; the agent replaces the instance once the WAL is recovered (docs/failover.md).
                RestartPreventExitStatus=%d
                LimitNOFILE=1048576
                [Install]
                WantedBy=multi-user.target
                FLOE_UNIT
                systemctl daemon-reload
                systemctl enable --now floe-broker
                """.formatted(nvmeId, volumeId, WAL_MOUNT, WAL_MOUNT, WAL_MOUNT, WAL_MOUNT, WAL_MOUNT,
                recoveryMounts(volumeId), brokerArtifactUrl, envFile, spec.listenerPort(), FENCED_EXIT_STATUS);
    }

    /**
     * Failover (docs/failover.md) attaches a dead broker's WAL volume to this instance while its broker runs, and
     * tells the broker to replay it from {@link #recoveryWalDir}. udev asks systemd for a unit per EBS disk that
     * appears; the unit's helper mounts the disk there if it is another broker's WAL volume, and the unit unmounts it
     * when the disk goes away (the agent detached it). Nitro only: there the NVMe serial number is the volume id.
     */
    private static String recoveryMounts(String ownVolumeId) {
        String helper = """
                #!/bin/bash
                # floe-recovery-volume mount|unmount <kernel disk name>, run by floe-recovery-volume@<disk>.service
                set -euo pipefail
                record=/run/floe/recovery/$2
                if [ "$1" = unmount ]; then
                  # The disk is gone or the instance stops: a lazy unmount lets go even of a vanished device.
                  if [ -f "$record" ]; then
                    dir=$(cat "$record")
                    umount -l "$dir" || true
                    rmdir "$dir" 2>/dev/null || true
                    rm -f "$record"
                  fi
                  exit 0
                fi
                dev=/dev/$2
                # Nitro shows an EBS volume as an NVMe disk whose serial number is the volume id without its dash.
                serial=$(udevadm info --query=property --name="$dev" | sed -n 's/^ID_SERIAL_SHORT=//p')
                case "$serial" in vol*) volume="vol-${serial#vol}" ;; *) echo "$dev: no EBS volume id"; exit 0 ;; esac
                # This broker's own WAL volume is mounted by the boot script, at its own place.
                if [ "$volume" = "%s" ]; then echo "$dev: $volume is this broker's own"; exit 0; fi
                # Only a WAL volume (XFS on the whole disk) not mounted yet; the root volume carries partitions.
                # Never formatted here: the volume holds records the dead broker acknowledged.
                fs=$(blkid -p -o value -s TYPE "$dev" || true)
                if [ "$fs" != xfs ]; then echo "$dev: $volume has no XFS"; exit 0; fi
                if findmnt -S "$dev" >/dev/null; then echo "$dev: $volume is mounted already"; exit 0; fi
                dir=%s/$volume
                mkdir -p "$dir" /run/floe/recovery
                mount -t xfs "$dev" "$dir"
                echo "$dir" > "$record"
                echo "$dev: recovery volume $volume mounted at $dir"
                """.formatted(ownVolumeId, RECOVERY_ROOT);
        // Not formatted: %i and %k are systemd's and udev's own specifiers.
        String unit = """
                [Unit]
                Description=Floe recovery volume on /dev/%i
                # Stops, and so unmounts, when the disk goes away.
                BindsTo=dev-%i.device
                After=dev-%i.device
                [Service]
                Type=oneshot
                RemainAfterExit=yes
                ExecStart=/usr/local/sbin/floe-recovery-volume mount %i
                ExecStop=/usr/local/sbin/floe-recovery-volume unmount %i
                """;
        // A mount made by the rule itself (RUN) would stay in udev's private mount namespace, unseen by the broker.
        String rule = "ACTION!=\"remove\", SUBSYSTEM==\"block\", ENV{DEVTYPE}==\"disk\", KERNEL==\"nvme*\", "
                + "ATTRS{model}==\"Amazon Elastic Block Store\", TAG+=\"systemd\", "
                + "ENV{SYSTEMD_WANTS}+=\"floe-recovery-volume@%k.service\"\n";
        return "# A dead broker's WAL volume attached while this broker runs is mounted at " + RECOVERY_ROOT
                + "/<volume id>.\n"
                + "cat > /usr/local/sbin/floe-recovery-volume <<'FLOE_HELPER'\n" + helper + "FLOE_HELPER\n"
                + "chmod 755 /usr/local/sbin/floe-recovery-volume\n"
                + "cat > /etc/systemd/system/floe-recovery-volume@.service <<'FLOE_RECOVERY_UNIT'\n" + unit
                + "FLOE_RECOVERY_UNIT\n"
                + "cat > /etc/udev/rules.d/90-floe-recovery-volume.rules <<'FLOE_RULE'\n" + rule + "FLOE_RULE\n"
                // The broker starts after this script's daemon-reload, so no move can target it before the unit loads.
                + "udevadm control --reload";
    }
}
