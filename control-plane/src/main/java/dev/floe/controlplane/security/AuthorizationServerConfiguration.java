package dev.floe.controlplane.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * The built-in OAuth2 authorization server: client credentials only, clients from the {@code api_client} table,
 * JWTs signed with the shared key and carrying the client's roles (and an agent's environment).
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfiguration {

    @Bean
    AuthorizationServerSettings authorizationServerSettings(SecurityProperties properties) {
        AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder();
        if (properties.issuer() != null && !properties.issuer().isBlank()) {
            settings.issuer(properties.issuer());
        }
        return settings.build();
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(SigningKeyStore keys) {
        SigningKeyStore.SigningKey key = keys.loadOrCreate();
        RSAKey jwk = new RSAKey.Builder(key.publicKey()).privateKey(key.privateKey()).keyID(key.id()).build();
        return new ImmutableJWKSet<>(new JWKSet(jwk));
    }

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> roleClaims(ApiClientRepository clients, SecurityProperties properties) {
        return context -> {
            if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                return;
            }
            clients.findById(context.getRegisteredClient().getClientId()).ifPresent(client -> {
                context.getClaims().claim(properties.rolesClaim(),
                        client.roles().stream().map(Role::claimValue).sorted().toList());
                if (client.environmentId() != null) {
                    context.getClaims().claim(properties.environmentClaim(), client.environmentId().toString());
                }
            });
        };
    }

    /**
     * Client-credentials tokens are self-contained JWTs: nothing needs to be looked up later, so issued tokens are
     * not kept (the default in-memory store would grow without bound and differ between instances).
     */
    @Bean
    OAuth2AuthorizationService authorizationService() {
        return new OAuth2AuthorizationService() {
            @Override
            public void save(OAuth2Authorization authorization) {
            }

            @Override
            public void remove(OAuth2Authorization authorization) {
            }

            @Override
            public OAuth2Authorization findById(String id) {
                return null;
            }

            @Override
            public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
                return null;
            }
        };
    }

}
