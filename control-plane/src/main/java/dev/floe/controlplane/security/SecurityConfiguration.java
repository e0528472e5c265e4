package dev.floe.controlplane.security;

import java.util.Collection;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two filter chains: the built-in authorization server's endpoints ({@code /oauth2/**}), and the resource server
 * that guards the API with JWTs and the role matrix below.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final String[] PUBLIC = {
            "/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus",
            "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui/**", "/swagger-ui.html", "/error"};

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerChain(HttpSecurity http) throws Exception {
        http.oauth2AuthorizationServer(server -> http.securityMatcher(server.getEndpointsMatcher()))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiChain(HttpSecurity http, JwtDecoder jwtDecoder, SecurityProperties properties,
            JsonMapper json) throws Exception {
        ProblemSecurityHandlers problems = new ProblemSecurityHandlers(json);
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(PUBLIC).permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/agent/register").permitAll()
                        .requestMatchers("/api/v1/agent/**").hasRole("AGENT")
                        .requestMatchers("/api/v1/api-clients/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/v1/**").hasRole("VIEWER")
                        .requestMatchers("/api/v1/recovery-tiers/**").hasRole("ADMIN")
                        .requestMatchers("/api/v1/**").hasRole("OPERATOR")
                        .anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.decoder(jwtDecoder).jwtAuthenticationConverter(roles(properties)))
                        .authenticationEntryPoint(problems.entryPoint())
                        .accessDeniedHandler(problems.accessDenied()))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(problems.entryPoint())
                        .accessDeniedHandler(problems.accessDenied()));
        return http.build();
    }

    /** admin may do what an operator may, an operator what a viewer may; agent stands apart. */
    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy("""
                ROLE_ADMIN > ROLE_OPERATOR
                ROLE_OPERATOR > ROLE_VIEWER""");
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * Tokens of the built-in authorization server always verify (agents and API clients get theirs there); with an
     * external issuer configured, its tokens are accepted too, for people signing in through the company's IdP.
     */
    @Bean
    JwtDecoder jwtDecoder(SecurityProperties properties, SigningKeyStore keys) {
        JwtDecoder builtIn = NimbusJwtDecoder.withPublicKey(keys.loadOrCreate().publicKey()).build();
        if (!properties.external()) {
            return builtIn;
        }
        // resolved on first use, so the service starts even while the issuer is unreachable
        JwtDecoder external = new SupplierJwtDecoder(
                () -> JwtDecoders.fromIssuerLocation(properties.externalIssuerUri()));
        return token -> {
            try {
                return builtIn.decode(token);
            } catch (JwtException notOurs) {
                return external.decode(token);
            }
        };
    }

    private static JwtAuthenticationConverter roles(SecurityProperties properties) {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(jwt -> authorities(jwt, properties.rolesClaim()));
        return converter;
    }

    private static Collection<GrantedAuthority> authorities(Jwt jwt, String claim) {
        Object value = jwt.getClaims().get(claim);
        List<String> roles = value instanceof Collection<?> list ? list.stream().map(String::valueOf).toList()
                : value instanceof String text ? List.of(text.split("[ ,]+")) : List.of();
        return roles.stream().filter(role -> !role.isBlank())
                .map(role -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role.toUpperCase()))
                .toList();
    }
}
