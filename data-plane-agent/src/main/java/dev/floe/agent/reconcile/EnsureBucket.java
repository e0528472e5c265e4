package dev.floe.agent.reconcile;

final class EnsureBucket implements Step {

    @Override
    public String name() {
        return "ensureBucket";
    }

    @Override
    public String apply(ReconcileContext context) {
        context.bucket = context.provider.buckets().ensure(context.plan.bucket());
        return "bucket " + context.bucket.name() + " ready (encrypted, public access blocked)";
    }
}
