package dev.floe.agent.provider;

/** What brokers authenticate to the bucket with: an IAM role limited to the cluster's bucket on AWS. */
public interface BrokerIdentities {

    BrokerIdentity ensure(IdentitySpec spec);

    void delete(IdentitySpec spec);
}
