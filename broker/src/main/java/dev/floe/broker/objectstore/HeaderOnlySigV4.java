package dev.floe.broker.objectstore;

import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthScheme;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;

import java.util.concurrent.CompletableFuture;

/**
 * SigV4 that signs the headers only ({@code UNSIGNED-PAYLOAD}) over plain HTTP as well, as the SDK does over HTTPS.
 * Over HTTP the SDK's own signer hashes every uploaded byte with SHA-256, and an S3-compatible server buffers the whole
 * body to check that hash: together the most expensive part of an upload to a local S3 server. The scheme is not part
 * of what SigV4 signs, so the request is signed as if it went over HTTPS and then sent as it was. The payload stays
 * covered by the CRCs of its batches and of the object index; endpoints off this machine should use HTTPS anyway.
 */
final class HeaderOnlySigV4 implements AuthScheme<AwsCredentialsIdentity> {
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    @Override
    public String schemeId() {
        return AwsV4AuthScheme.SCHEME_ID;
    }

    @Override
    public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
        return providers.identityProvider(AwsCredentialsIdentity.class);
    }

    @Override
    public HttpSigner<AwsCredentialsIdentity> signer() {
        return new HttpSigner<>() {
            @Override
            public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
                return signAsHttps(request);
            }

            @Override
            public CompletableFuture<AsyncSignedRequest> signAsync(AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
                return signer.signAsync(request); // the blocking client never signs asynchronously
            }
        };
    }

    private <T extends AwsCredentialsIdentity> SignedRequest signAsHttps(SignRequest<T> request) {
        SdkHttpRequest original = request.request();
        if (!"http".equals(original.protocol())) {
            return signer.sign(request);
        }
        SignedRequest signed = signer.sign(request.toBuilder().request(original.toBuilder().protocol("https").build()).build());
        return signed.toBuilder().request(signed.request().toBuilder().protocol(original.protocol()).build()).build();
    }
}
