package dev.floe.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.controlplane.support.ControlPlaneIT;
import dev.floe.controlplane.support.Http;
import org.junit.jupiter.api.Test;

class HealthIT extends ControlPlaneIT {

    @Test
    void livenessAndReadinessAreUpWithoutAToken() {
        Http.Response liveness = anonymous().get("/actuator/health/liveness");
        Http.Response readiness = anonymous().get("/actuator/health/readiness");

        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.json().get("status").asText()).isEqualTo("UP");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void prometheusMetricsIncludeApiLatencyOperationsAndAgents() {
        anonymous().get("/actuator/health");
        Http.Response metrics = anonymous().get("/actuator/prometheus");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.text()).contains("http_server_requests_seconds")
                .contains("floe_operations{state=\"RUNNING\"}").contains("floe_operations{state=\"FAILED\"}")
                .contains("floe_agents_connected");
    }

    @Test
    void everyResponseCarriesARequestIdAndEchoesTheCallersOne() {
        Http.Response generated = anonymous().get("/actuator/health");
        Http.Response echoed = anonymous().withHeader("X-Request-Id", "trace-123").get("/actuator/health");

        assertThat(generated.header("X-Request-Id")).isNotBlank();
        assertThat(echoed.header("X-Request-Id")).isEqualTo("trace-123");
    }
}
