package dev.floe.agent;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the data-plane agent ({@code java -jar floe-agent.jar}; {@code stop-local} stops local services). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class Main {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(Main.class);
        System.exit(SpringApplication.exit(app.run(args)));
    }
}
