package dev.floe.agent.reconcile;

final class EnsureIam implements Step {

    @Override
    public String name() {
        return "ensureIam";
    }

    @Override
    public String apply(ReconcileContext context) {
        context.identity = context.provider.identities().ensure(context.plan.identity());
        return context.identity.roleArn() == null ? "brokers use the bucket's static credentials"
                : "broker role " + context.identity.roleArn() + " limited to bucket " + context.plan.bucket().name();
    }
}
