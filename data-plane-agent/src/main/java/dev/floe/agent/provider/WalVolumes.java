package dev.floe.agent.provider;

import java.util.List;

/** WAL volumes: outlive their broker so a peer can replay them (failover moves them). */
public interface WalVolumes {

    List<Volume> list(String clusterId);

    Volume create(VolumeSpec spec);

    Volume attach(Volume volume, BrokerInstance instance);

    Volume detach(Volume volume, boolean force);

    void delete(Volume volume);
}
