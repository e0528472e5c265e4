package dev.floe.controlplane.api;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Conventions of the REST API.
 *
 * @param idempotencyRetention how long a POST's {@code Idempotency-Key} and its first response are kept for replay
 * @param publicUrl            the URL clients reach this service at (told to agents as the base of the token URL);
 *                             unset derives it from each request
 */
@ConfigurationProperties("floe.api")
public record ApiProperties(@DefaultValue("24h") Duration idempotencyRetention, String publicUrl) {
}
