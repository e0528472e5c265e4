package dev.floe.agent.failover;

import dev.floe.agent.provider.BrokerInstance;
import java.util.Map;

/**
 * Which brokers the agent replaces as dead (docs/failover.md): those the provider sees stopped, and those whose machine
 * runs but whose broker the catalog fenced — the incarnation that very launch registered is retired and its lease has
 * lapsed. Such a broker never serves again: it stops at its next lease renewal (exit status 75, which systemd does not
 * restart on AWS), or it is paused or cut off, and its WAL volume goes to another broker. Pure.
 */
public final class DeadBrokers {

    private DeadBrokers() {
    }

    /**
     * The instance as the agent must treat it: dead when its own launch was retired, otherwise as the provider sees it.
     * Only the launch id ties a fenced catalog row to a machine: the row of an earlier launch (the instance being
     * replaced) says nothing about a new instance whose broker has not registered yet.
     *
     * @param retiredLaunches node id to the launch id of its FENCED catalog row whose lease lapsed
     */
    public static BrokerInstance asSeen(BrokerInstance instance, Map<Integer, String> retiredLaunches) {
        if (instance.state() == BrokerInstance.State.STOPPED || instance.launchId() == null
                || !instance.launchId().equals(retiredLaunches.get(instance.nodeId()))) {
            return instance;
        }
        return instance.dead("instance " + instance.instanceId() + " runs, but its broker (launch "
                + instance.launchId() + ") was fenced and its lease lapsed");
    }
}
