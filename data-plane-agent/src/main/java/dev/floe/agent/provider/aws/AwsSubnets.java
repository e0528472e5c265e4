package dev.floe.agent.provider.aws;

import dev.floe.agent.provider.ProviderException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** Resolves a subnet to its availability zone (volumes must live where their broker does); cached, subnets don't move. */
final class AwsSubnets {

    private final Ec2Client ec2;
    private final ConcurrentMap<String, String> zones = new ConcurrentHashMap<>();

    AwsSubnets(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    String availabilityZone(String subnetId) {
        if (subnetId == null) {
            throw new ProviderException("SubnetNotFound", "the broker's zone has no subnet in the environment", false,
                    null);
        }
        return zones.computeIfAbsent(subnetId, id -> {
            var subnets = AwsErrors.call("DescribeSubnets", () -> ec2.describeSubnets(r -> r.subnetIds(id))).subnets();
            if (subnets.isEmpty()) {
                throw new ProviderException("SubnetNotFound", "subnet " + id + " does not exist", false, null);
            }
            return subnets.get(0).availabilityZone();
        });
    }
}
