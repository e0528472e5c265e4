package dev.floe.agent.support;

import dev.floe.agent.controlplane.ClusterStatus;
import dev.floe.agent.controlplane.StepEvent;
import dev.floe.agent.reconcile.StatusSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what reconciliation reported, for tests that drive reconciliation without a control plane. */
public final class RecordingSink implements StatusSink {

    public record Event(String operationId, StepEvent event) {
    }

    private final List<ClusterStatus> statuses = new CopyOnWriteArrayList<>();
    private final List<Event> events = new CopyOnWriteArrayList<>();

    @Override
    public void report(String clusterId, ClusterStatus status) {
        statuses.add(status);
    }

    @Override
    public void event(String operationId, StepEvent event) {
        events.add(new Event(operationId, event));
    }

    public List<String> steps(String operationId, String state) {
        return events.stream().filter(e -> e.operationId().equals(operationId))
                .filter(e -> e.event().state().equals(state)).map(e -> e.event().step()).toList();
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public List<ClusterStatus> statuses() {
        return List.copyOf(statuses);
    }

    public ClusterStatus last() {
        return statuses.get(statuses.size() - 1);
    }
}
