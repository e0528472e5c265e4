package dev.floe.controlplane.database;

import java.util.ArrayList;
import java.util.List;
import org.springframework.data.jpa.domain.Specification;

/**
 * The WHERE clause of a list endpoint, built from its optional query parameters: a parameter left out filters
 * nothing, and the ones given must all hold.
 */
public final class Filters<T> {

    private final List<Specification<T>> conditions = new ArrayList<>();

    private Filters() {
    }

    /** {@code entity} only names the type the filters apply to. */
    public static <T> Filters<T> of(Class<T> entity) {
        return new Filters<>();
    }

    public Filters<T> equal(String attribute, Object value) {
        if (value != null) {
            conditions.add((root, query, cb) -> cb.equal(root.get(attribute), value));
        }
        return this;
    }

    public <V extends Comparable<? super V>> Filters<T> atLeast(String attribute, V value) {
        if (value != null) {
            conditions.add((root, query, cb) -> cb.greaterThanOrEqualTo(root.get(attribute), value));
        }
        return this;
    }

    public <V extends Comparable<? super V>> Filters<T> before(String attribute, V value) {
        if (value != null) {
            conditions.add((root, query, cb) -> cb.lessThan(root.get(attribute), value));
        }
        return this;
    }

    public Specification<T> all() {
        return Specification.allOf(conditions);
    }
}
