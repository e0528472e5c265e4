package dev.floe.broker.compat;

import dev.floe.broker.it.BrokerProcess;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Hands every compatibility test the same broker process: started once for the whole test run
 * (a start includes the embedded catalog and S3), stopped when the run ends. Tests stay
 * independent by using their own topics and groups. A failed start is remembered, so the tests
 * after it fail at once instead of each waiting for a broker that will not come. The broker is the
 * module's jar in dev mode, as a user first starts it; the system property {@code floe.compat.bootstrap}
 * points the tests at a broker that runs already instead (Apache Kafka, say, to check the tests themselves).
 */
final class SharedBroker implements ParameterResolver {
    static final String EXTERNAL_BOOTSTRAP = "floe.compat.bootstrap";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == BrokerProcess.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.create(SharedBroker.class));
        Started started = store.computeIfAbsent(Started.class.getName(), key -> Started.attempt(), Started.class);
        if (started.failure() != null) {
            throw new IllegalStateException("the shared broker could not be started", started.failure());
        }
        return started.broker();
    }

    /** The outcome of the one start attempt; the store closes it when the test run ends. */
    private record Started(BrokerProcess broker, Exception failure) implements AutoCloseable {

        static Started attempt() {
            try {
                String external = System.getProperty(EXTERNAL_BOOTSTRAP, "");
                if (!external.isBlank()) {
                    return new Started(BrokerProcess.external(external), null);
                }
                Path logs = Files.createDirectories(BrokerProcess.moduleDir().resolve("target/compat-logs"));
                return new Started(BrokerProcess.startDev(Files.createTempDirectory("floe-compat-"), logs.resolve("broker.log")), null);
            } catch (Exception e) {
                return new Started(null, e);
            }
        }

        @Override
        public void close() {
            if (broker != null) {
                broker.stop();
            }
        }
    }
}
