package dev.floe.agent.provider.aws;

import dev.floe.agent.provider.ProviderException;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns AWS SDK failures into {@link ProviderException}s whose reason a person can act on. */
final class AwsErrors {

    private static final Set<String> THROTTLING = Set.of("Throttling", "ThrottlingException", "RequestLimitExceeded",
            "SlowDown", "TooManyRequestsException", "RequestThrottled");

    private AwsErrors() {
    }

    static <T> T call(String action, Supplier<T> call) {
        try {
            return call.get();
        } catch (ProviderException e) {
            throw e;
        } catch (SdkException e) {
            throw translate(action, e);
        }
    }

    static void run(String action, Runnable call) {
        call(action, () -> {
            call.run();
            return null;
        });
    }

    static String code(SdkException e) {
        return e instanceof AwsServiceException service && service.awsErrorDetails() != null
                ? service.awsErrorDetails().errorCode() : null;
    }

    static ProviderException translate(String action, SdkException e) {
        if (e instanceof SdkClientException) {
            return new ProviderException("AwsUnreachable", action + ": cannot reach AWS: " + e.getMessage(), true, e);
        }
        String code = code(e);
        String message = action + ": " + (e instanceof AwsServiceException s && s.awsErrorDetails() != null
                ? code + ": " + s.awsErrorDetails().errorMessage() : e.getMessage());
        if ((e instanceof AwsServiceException s && s.isThrottlingException()) || (code != null && THROTTLING.contains(code))) {
            return new ProviderException("Throttled", message + " (AWS throttled the agent; retrying with backoff)",
                    true, e);
        }
        if (code == null) {
            return new ProviderException("AwsApiError", message, true, e);
        }
        // Retryable: EC2 is eventually consistent, so a resource created a moment ago may not be visible yet.
        if (code.equals("InvalidVolume.NotFound")) {
            return new ProviderException("VolumeNotFound", message, true, e);
        }
        if (code.equals("InvalidInstanceID.NotFound")) {
            return new ProviderException("InstanceNotFound", message, true, e);
        }
        if (code.startsWith("InvalidSubnet")) {
            return new ProviderException("SubnetNotFound", message, false, e);
        }
        if (code.startsWith("InvalidAMIID")) {
            return new ProviderException("ImageNotFound", message, false, e);
        }
        if (code.startsWith("InvalidGroup") || code.startsWith("InvalidSecurityGroup")) {
            return new ProviderException("SecurityGroupNotFound", message, false, e);
        }
        if (code.equals("UnauthorizedOperation") || code.equals("AccessDenied") || code.equals("AccessDeniedException")) {
            return new ProviderException("AccessDenied", message + " (see the agent's IAM permissions in README)",
                    false, e);
        }
        if (code.equals("InsufficientInstanceCapacity") || code.equals("IncorrectState")
                || code.equals("IncorrectInstanceState") || code.equals("VolumeInUse")) {
            return new ProviderException("NotReadyYet", message, true, e);
        }
        return new ProviderException("AwsApiError", message,
                e instanceof AwsServiceException s && s.statusCode() >= 500, e);
    }
}
