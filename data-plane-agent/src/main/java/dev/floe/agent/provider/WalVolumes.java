package dev.floe.agent.provider;

import java.util.List;

/** WAL volumes: outlive their broker so a peer can replay them (failover moves them). */
public interface WalVolumes {

    List<Volume> list(String clusterId);

    Volume create(VolumeSpec spec);

    Volume attach(Volume volume, BrokerInstance instance);

    Volume detach(Volume volume, boolean force);

    void delete(Volume volume);

    /**
     * Crash failover: hands a dead broker's volume to a healthy broker's instance so that broker can replay the WAL
     * on it (docs/failover.md). Detaches by force first (the dead instance cannot let go) and returns the WAL
     * directory as the target broker sees it. Idempotent: a volume already attached to the target stays.
     */
    RecoveryAttachment attachForRecovery(Volume volume, BrokerInstance target);

    /** Where a moved volume ended up: the volume as now attached, and the WAL directory on the target. */
    record RecoveryAttachment(Volume volume, String walPath) {
    }
}
