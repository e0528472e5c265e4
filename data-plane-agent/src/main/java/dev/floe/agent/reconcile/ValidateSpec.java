package dev.floe.agent.reconcile;

/** Turns the spec into a plan before anything is touched: bad input stops here, with nothing provisioned. */
final class ValidateSpec implements Step {

    @Override
    public String name() {
        return "validateSpec";
    }

    @Override
    public String apply(ReconcileContext context) {
        String wanted = context.environment.provider();
        if (wanted != null && !wanted.equals(context.provider.name())) {
            throw new InvalidSpecException("environment.provider", "the environment uses provider '" + wanted
                    + "' but this agent runs provider '" + context.provider.name() + "'");
        }
        context.plan = ClusterPlanner.plan(context.environment, context.cluster, context.provider.name());
        context.provider.preflight(context.plan.brokers());
        return "plan for " + context.plan.brokerCount() + " brokers in " + context.plan.brokers().stream()
                .map(b -> b.zone()).distinct().toList();
    }
}
