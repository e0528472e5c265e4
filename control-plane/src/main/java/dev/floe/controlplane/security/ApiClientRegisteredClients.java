package dev.floe.controlplane.security;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Presents the {@code api_client} table to the authorization server: every client may use client credentials. */
@Component
class ApiClientRegisteredClients implements RegisteredClientRepository {

    private final ApiClientRepository clients;
    private final SecurityProperties properties;

    ApiClientRegisteredClients(ApiClientRepository clients, SecurityProperties properties) {
        this.clients = clients;
        this.properties = properties;
    }

    /** Only called to re-encode a secret with a stronger hash; the client itself is managed through the API. */
    @Override
    @Transactional
    public void save(RegisteredClient registeredClient) {
        clients.findById(registeredClient.getClientId())
                .ifPresent(client -> client.changeSecretHash(registeredClient.getClientSecret()));
    }

    @Override
    public RegisteredClient findById(String id) {
        return findByClientId(id);
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        return clients.findById(clientId).map(this::toRegisteredClient).orElse(null);
    }

    private RegisteredClient toRegisteredClient(ApiClient client) {
        return RegisteredClient.withId(client.clientId())
                .clientId(client.clientId())
                .clientName(client.name())
                .clientSecret(client.secretHash())
                .clientIdIssuedAt(client.createdAt())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(properties.tokenTtl()).build())
                .build();
    }
}
