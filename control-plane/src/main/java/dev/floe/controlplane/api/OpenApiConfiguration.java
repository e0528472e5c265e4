package dev.floe.controlplane.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
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

    /** Every operation can answer a 4xx or 5xx problem detail; the spec says so once per operation. */
    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            openApi.getComponents().addSchemas("Problem", problemSchema());
            Content problem = new Content().addMediaType("application/problem+json",
                    new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")));
            openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> operation
                    .getResponses()
                    .addApiResponse("4XX", new ApiResponse().description("refused: RFC 7807 problem detail naming "
                            + "the offending field where there is one").content(problem))
                    .addApiResponse("5XX", new ApiResponse().description("failed: RFC 7807 problem detail")
                            .content(problem))));
        };
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema problemSchema() {
        Schema error = new ObjectSchema().addProperty("field", new StringSchema())
                .addProperty("message", new StringSchema());
        return new ObjectSchema().description("RFC 7807 problem detail")
                .addProperty("type", new StringSchema().format("uri")
                        .example("https://floe.dev/problems/invalid-request"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema())
                .addProperty("field", new StringSchema().description("the offending field, for bad input"))
                .addProperty("errors", new ArraySchema().items(error))
                .addProperty("requestId", new StringSchema());
    }
}
