package dev.floe.broker.compat;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands every compatibility test the same broker process: started once for the whole test run
 * (a start includes the embedded catalog and S3), stopped when the run ends. Tests stay
 * independent by using their own topics and groups. A failed start is remembered, so the tests
 * after it fail at once instead of each waiting for a broker that will not come.
 */
final class SharedBroker implements ParameterResolver {

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
                return new Started(BrokerProcess.start(), null);
            } catch (Exception e) {
                return new Started(null, e);
            }
        }

        @Override
        public void close() throws Exception {
            if (broker != null) {
                broker.close();
            }
        }
    }
}
