package dev.floe.controlplane.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests: one running control plane (real HTTP, real PostgreSQL) shared by every test class,
 * and API clients with each role, created through the API itself.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class ControlPlaneIT {

    public static final String ADMIN_ID = "test-admin";
    public static final String ADMIN_SECRET = "test-admin-secret";
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcTemplate jdbc;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.Connection database = TestDatabase.get();
        registry.add("floe.database.url", database::url);
        registry.add("floe.database.username", database::username);
        registry.add("floe.database.password", database::password);
    }

    protected Fixtures fixtures() {
        return new Fixtures(baseUrl(), admin());
    }

    protected java.util.Map<String, String> snapshot() {
        return DatabaseSnapshot.take(jdbc);
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    protected Http anonymous() {
        return new Http(baseUrl(), null);
    }

    protected Http admin() {
        return new Http(baseUrl(), token("admin"));
    }

    protected Http operator() {
        return new Http(baseUrl(), token("operator"));
    }

    protected Http viewer() {
        return new Http(baseUrl(), token("viewer"));
    }

    /** A token for a client with one role; the client is created once per running control plane. */
    protected String token(String role) {
        return TOKENS.computeIfAbsent(port + "/" + role, key -> {
            if (role.equals("admin")) {
                return tokenFor(ADMIN_ID, ADMIN_SECRET);
            }
            Http.Response created = new Http(baseUrl(), token("admin")).post("/api/v1/api-clients",
                    Map.of("name", "test " + role, "roles", Set.of(role)));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            return tokenFor(created.json().get("clientId").asText(), created.json().get("clientSecret").asText());
        });
    }

    protected String tokenFor(String clientId, String secret) {
        Http.Response response = Http.token(baseUrl(), clientId, secret);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("access_token").asText();
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
