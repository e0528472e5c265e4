package dev.floe.controlplane.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's header: one relative server (so the checked-in spec does not depend on a port) and OAuth2. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI floeOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Floe control plane API").version("v1")
                        .description("Environments, clusters, recovery tiers, DR pairings, operations, audit events "
                                + "and the agent channel. Errors are RFC 7807 problem details."))
                .servers(List.of(new Server().url("/").description("this control plane")))
                .components(new Components().addSecuritySchemes("oauth2", new SecurityScheme()
                        .type(SecurityScheme.Type.OAUTH2)
                        .description("client credentials from the built-in authorization server")
                        .flows(new OAuthFlows().clientCredentials(new OAuthFlow().tokenUrl("/oauth2/token")))))
                .addSecurityItem(new SecurityRequirement().addList("oauth2"));
    }
}
