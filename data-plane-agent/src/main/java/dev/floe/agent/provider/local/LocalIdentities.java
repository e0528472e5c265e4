package dev.floe.agent.provider.local;

import dev.floe.agent.provider.BrokerIdentities;
import dev.floe.agent.provider.BrokerIdentity;
import dev.floe.agent.provider.IdentitySpec;

/** No IAM locally: brokers sign S3 requests with the local S3 server's own key pair. */
final class LocalIdentities implements BrokerIdentities {

    private final LocalServices services;

    LocalIdentities(LocalServices services) {
        this.services = services;
    }

    @Override
    public BrokerIdentity ensure(IdentitySpec spec) {
        LocalServices.S3Credentials credentials = services.s3Credentials();
        return new BrokerIdentity(null, null, credentials.accessKey(), credentials.secretKey());
    }

    @Override
    public void delete(IdentitySpec spec) {
        // nothing was created
    }
}
