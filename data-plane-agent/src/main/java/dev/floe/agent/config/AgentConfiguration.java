package dev.floe.agent.config;

import dev.floe.agent.health.CatalogObservations;
import dev.floe.agent.health.ClusterHealthCheck;
import dev.floe.agent.health.JdbcCatalogObservations;
import dev.floe.agent.health.KafkaClusterHealthCheck;
import dev.floe.agent.provider.Provider;
import dev.floe.agent.state.StateDirectory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The agent's long-lived collaborators; the agent loop is assembled by AgentRunner. */
@Configuration(proxyBeanMethods = false)
public class AgentConfiguration {

    @Bean
    StateDirectory stateDirectory(AgentProperties properties) {
        return new StateDirectory(properties.stateDir());
    }

    @Bean(destroyMethod = "close")
    Provider provider(AgentProperties properties, StateDirectory state) {
        return ProviderFactory.create(properties, state);
    }

    @Bean
    CatalogObservations catalogObservations() {
        return new JdbcCatalogObservations();
    }

    @Bean
    ClusterHealthCheck clusterHealthCheck(CatalogObservations catalog) {
        return new KafkaClusterHealthCheck(catalog);
    }
}
