package dev.floe.agent.reconcile;

final class EnsureCatalog implements Step {

    @Override
    public String name() {
        return "ensureCatalog";
    }

    @Override
    public String apply(ReconcileContext context) {
        context.catalog = context.provider.catalogs().ensure(context.plan.catalog());
        return "catalog database " + context.plan.catalog().database() + " ready";
    }
}
